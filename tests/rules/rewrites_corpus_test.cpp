// add-non-root-user and move-secrets planned on every instruction of the shared corpus, as the
// language server's code actions ask for them: no crash, a reason whenever no fix is offered,
// and every fix offered applies within the file and makes it parse no worse. Skipped without
// the corpus, except under CI=true.
#include <catch2/catch.hpp>
#include <filesystem>
#include <iostream>

#include "findings/apply_fixes.h"
#include "rewrites/rewrite.h"
#include "rules/rule_context.h"
#include "shared_data.h"
#include "support.h"
#include "syntax/document.h"
#include "syntax/syntax_errors.h"

namespace {

std::size_t error_count(const std::string& text) {
  const whalesafe::syntax::Document doc(text);
  std::size_t n = 0;
  for (const auto& d : whalesafe::syntax::syntax_diagnostics(doc)) {
    n += d.severity == whalesafe::syntax::Severity::kError;
  }
  return n;
}

}  // namespace

TEST_CASE("the user and secret rewrites on every instruction of the corpus", "[rewrite-corpus]") {
  const auto dir = whalesafe::test_support::shared_path("corpus");
  if (!dir) return;
  using whalesafe::rewrites::RewriteKind;
  std::size_t planned = 0;
  std::size_t offered = 0;
  for (const auto& entry : std::filesystem::directory_iterator(*dir)) {
    const std::string name = entry.path().filename().string();
    if (name == "MANIFEST.tsv" || name == "README.md") continue;
    const std::string text = whalesafe::test_support::read_file(entry.path());
    const whalesafe::syntax::Document doc(text);
    const whalesafe::rules::RuleContext ctx(doc, whalesafe::testing::test_settings());
    const std::size_t errors_before = error_count(text);
    for (const TSNode instruction : ctx.instructions()) {
      for (const RewriteKind kind : {RewriteKind::kAddNonRootUser, RewriteKind::kMoveSecrets}) {
        const auto outcome =
            whalesafe::rewrites::plan_rewrite(kind, ctx, ts_node_start_byte(instruction));
        ++planned;
        INFO(name << " at byte " << ts_node_start_byte(instruction) << ": "
                  << whalesafe::rewrites::rewrite_id(kind));
        if (!outcome.fix) {
          CHECK_FALSE(outcome.why_not.empty());
          continue;
        }
        ++offered;
        CHECK(outcome.fix->applicability == whalesafe::findings::Applicability::kUnsafe);
        whalesafe::findings::Diagnostic d;
        d.fix = outcome.fix;
        const auto result = whalesafe::findings::apply_fixes(text, {d}, true);
        CHECK(result.applied == 1);
        CHECK(error_count(result.text) <= errors_before);
      }
    }
  }
  std::cout << "rewrites over the corpus: " << planned << " plans, " << offered << " fixes\n";
}
