// DocumentAnalyzer: the one place the language server calls analysis/. It keeps one document's
// syntax tree across edits (edit() is an incremental tree-sitter reparse) and the parses of its
// RUN bodies, and runs the configured rules on demand. A future incremental analysis API that
// keeps more across edits replaces the body of this class, not its callers.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/date.h"
#include "findings/diagnostic.h"
#include "lsp/features/analysis_setup.h"
#include "lsp/protocol/line_index.h"
#include "model/model.h"
#include "shell/parse_cache.h"
#include "syntax/document.h"

namespace whalesafe::lsp::features {

class DocumentAnalyzer {
 public:
  // Throws syntax::ParseError when the parser gives up.
  DocumentAnalyzer(std::string text, std::shared_ptr<const AnalysisSetup> setup,
                   std::string dockerfile_path);

  // Replaces bytes [start, old_end) with `new_text`. Throws syntax::ParseError.
  void edit(uint32_t start, uint32_t old_end, std::string_view new_text);

  std::vector<findings::Diagnostic> diagnostics();

  const std::string& text() const { return document_.text(); }
  const syntax::Document& document() const { return document_; }
  const AnalysisSetup& setup() const { return *setup_; }
  const rules::RuleSettings& settings() const { return settings_; }

  // For the request features (editing_service.h): the semantic model and line index of the
  // current text, built on first use after a change.
  const model::Model& model();
  const protocol::LineIndex& lines();
  // The date end of life is judged on: the configuration's, else today's.
  catalog::Date eol_date() const;

 private:
  syntax::Document document_;
  std::shared_ptr<const AnalysisSetup> setup_;
  rules::RuleSettings settings_;
  shell::ParseCache shell_cache_;
  std::optional<model::Model> model_;
  std::optional<protocol::LineIndex> lines_;
};

}  // namespace whalesafe::lsp::features
