// A plain-text summary of a Model (stages, bases, sources, users, scopes, undefined variables,
// expansion problems), one fact per line. docs/model.md shows it for its examples and the
// model.docs test checks that the examples still produce it.
#pragma once

#include <string>

#include "model/model.h"
#include "syntax/document.h"

namespace whalesafe::model {

std::string dump_model(const syntax::Document& doc, const Model& model);

}  // namespace whalesafe::model
