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
#include "rules/instruction_memo.h"
#include "rules/shellcheck_runner.h"
#include "shell/parse_cache.h"
#include "shell/shell_memo.h"
#include "syntax/document.h"

namespace whalesafe::lsp::features {

class DocumentAnalyzer {
 public:
  // Throws syntax::ParseError when the parser gives up.
  DocumentAnalyzer(std::string text, std::shared_ptr<const AnalysisSetup> setup,
                   std::string dockerfile_path);

  // Replaces bytes [start, old_end) with `new_text`. Throws syntax::ParseError.
  void edit(uint32_t start, uint32_t old_end, std::string_view new_text);

  // The rules' findings. ShellCheck's come only from the runner's cache (the analyzer never
  // runs the program); the scripts it has not checked yet are left in pending_shellcheck().
  std::vector<findings::Diagnostic> diagnostics();

  // The scripts the last diagnostics() could not report ShellCheck findings for, by dialect
  // (empty when none): check them (shellcheck::check_scripts) and call diagnostics() again.
  struct ShellcheckBatch {
    rules::shellcheck::Dialect dialect;
    std::vector<std::string> scripts;
  };
  std::vector<ShellcheckBatch> take_pending_shellcheck() { return std::move(pending_.batches); }

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
  struct Pending : rules::shellcheck::Deferral {
    std::vector<ShellcheckBatch> batches;
    void missing(rules::shellcheck::Dialect dialect, std::vector<std::string> scripts) override {
      batches.push_back({dialect, std::move(scripts)});
    }
  };

  syntax::Document document_;
  std::shared_ptr<const AnalysisSetup> setup_;
  Pending pending_;
  rules::RuleSettings settings_;
  shell::ParseCache shell_cache_;
  rules::InstructionMemo memo_;  // dies with the analyzer, as do the settings it was made for
  shell::ShellMemo shell_memo_;
  syntax::SyntaxMemo syntax_memo_;
  std::optional<model::Model> model_;
  std::optional<protocol::LineIndex> lines_;
};

}  // namespace whalesafe::lsp::features
