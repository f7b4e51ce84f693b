#include "lsp/features/document_analyzer.h"

#include "rules/dates.h"
#include "rules/runner.h"

namespace whalesafe::lsp::features {
namespace {

// The parser gives up after this long: a safety net for pathological input (a 10 MiB file
// parses in well under it).
constexpr uint64_t kParseTimeoutMicros = 30u * 1000u * 1000u;

}  // namespace

DocumentAnalyzer::DocumentAnalyzer(std::string text, std::shared_ptr<const AnalysisSetup> setup,
                                   std::string dockerfile_path)
    : document_(std::move(text), syntax::ParseOptions{kParseTimeoutMicros}),
      setup_(std::move(setup)),
      settings_(setup_->config.settings) {
  settings_.dockerfile_path = std::move(dockerfile_path);
}

void DocumentAnalyzer::edit(uint32_t start, uint32_t old_end, std::string_view new_text) {
  document_.edit(start, old_end, new_text);
  model_.reset();
  lines_.reset();
}

const model::Model& DocumentAnalyzer::model() {
  if (!model_) model_ = model::build_model(document_);
  return *model_;
}

const protocol::LineIndex& DocumentAnalyzer::lines() {
  if (!lines_) lines_.emplace(document_.text());
  return *lines_;
}

catalog::Date DocumentAnalyzer::eol_date() const {
  return settings_.eol_date ? *settings_.eol_date : rules::today_utc();
}

std::vector<findings::Diagnostic> DocumentAnalyzer::diagnostics() {
  pending_.batches.clear();
  const rules::shellcheck::DeferralScope deferred(pending_);  // never wait for the program
  // The model serves the rules, related information and the editing features alike.
  return rules::check_document(document_, setup_->selection, settings_,
                               rules::Reuse{.shell_cache = &shell_cache_,
                                            .memo = &memo_,
                                            .shell_memo = &shell_memo_,
                                            .model = &model(),
                                            .syntax_memo = &syntax_memo_});
}

}  // namespace whalesafe::lsp::features
