// What an editor shows when the pointer rests on a Dockerfile: the documentation of the rule
// behind each finding there, of the instruction keyword, flag or `--mount` key; on a FROM image
// what the offline catalog knows (variants, newest versions, end of life); on a variable its
// value and where it is defined; on a stage name the stage. Markdown and byte offsets; knows
// nothing of LSP.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "catalog/date.h"
#include "findings/diagnostic.h"
#include "model/model.h"
#include "syntax/document.h"

namespace whalesafe::editing {

struct Hover {
  std::string markdown;
  model::ByteRange range;  // what the hover is about
};

// `today` judges end of life. nullopt when there is nothing to say at `byte`.
std::optional<Hover> hover(const syntax::Document& doc, const model::Model& model,
                           std::span<const findings::Diagnostic> diagnostics, uint32_t byte,
                           catalog::Date today);

// The catalog's facts about `image` (any reference spelling) as Markdown; nullopt for images the
// catalog does not know.
std::optional<std::string> image_markdown(std::string_view reference, catalog::Date today);

}  // namespace whalesafe::editing
