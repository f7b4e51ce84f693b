// Applying fixes: composition, overlap handling, safe/unsafe, and the fix loop.
#include "findings/apply_fixes.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "rules/runner.h"

namespace {

using whalesafe::findings::Applicability;
using whalesafe::findings::apply_fixes;
using whalesafe::findings::Diagnostic;
using whalesafe::findings::Fix;

Diagnostic with_fix(uint32_t start, uint32_t end, std::string text,
                    Applicability a = Applicability::kSafe) {
  Diagnostic d;
  d.rule = "test";
  d.start_byte = start;
  d.end_byte = end;
  d.fix = Fix{"test fix", a, {{start, end, std::move(text)}}};
  return d;
}

}  // namespace

TEST_CASE("fixes from different rules compose in one pass", "[fix]") {
  const auto r = apply_fixes("abc def ghi", {with_fix(8, 11, "GHI"), with_fix(0, 3, "ABC")}, false);
  CHECK(r.text == "ABC def GHI");
  CHECK(r.applied == 2);
  CHECK(r.skipped == 0);
}

TEST_CASE("overlapping fixes are left for the next round", "[fix]") {
  const auto r = apply_fixes("abcdef", {with_fix(0, 4, "X"), with_fix(2, 6, "Y")}, false);
  CHECK(r.text == "Xef");
  CHECK(r.applied == 1);
  CHECK(r.skipped == 1);
  // Two insertions at one point would have no defined order.
  const auto ins = apply_fixes("ab", {with_fix(1, 1, "X"), with_fix(1, 1, "Y")}, false);
  CHECK(ins.text == "aXb");
  CHECK(ins.skipped == 1);
}

TEST_CASE("a fix waits a round when another fix edits what it was worked out from", "[fix]") {
  // "FROM a" is bytes 0-6; the second fix inserts at 10 but was chosen for the FROM's image.
  const std::string text = "FROM a\nRUN x\n";
  Diagnostic reads_from = with_fix(11, 11, "Y ");
  reads_from.fix->reads = {{0, 6}};
  for (const bool reader_first : {false, true}) {
    INFO("reader first: " << reader_first);
    const std::vector<Diagnostic> both =
        reader_first ? std::vector<Diagnostic>{reads_from, with_fix(5, 6, "b")}
                     : std::vector<Diagnostic>{with_fix(5, 6, "b"), reads_from};
    const auto r = apply_fixes(text, both, false);
    CHECK(r.applied == 1);
    CHECK(r.skipped == 1);
    // The earliest edit wins (fixes are taken by their first edit), the reader waits.
    CHECK(r.text == "FROM b\nRUN x\n");
  }
  // An edit next to the range, or an insertion at its end, leaves it as it was.
  CHECK(apply_fixes(text, {with_fix(6, 7, "\n\n"), reads_from}, false).applied == 2);
  CHECK(apply_fixes(text, {with_fix(6, 6, " AS x"), reads_from}, false).applied == 2);
  CHECK(apply_fixes(text, {with_fix(3, 3, "M"), reads_from}, false).applied == 1);
  // Reads alone never conflict.
  Diagnostic also_reads = with_fix(7, 7, "# ");
  also_reads.fix->reads = {{0, 6}};
  CHECK(apply_fixes(text, {reads_from, also_reads}, false).applied == 2);
}

TEST_CASE("an insertion and a replacement that start at one byte both apply, insertion first",
          "[fix]") {
  // As pipefail-missing inserting a SHELL line before a RUN whose keyword instruction-casing
  // rewrites. Many edits, so that the sort is not an insertion sort that happens to keep the
  // order they came in: every pair, in both orders, must give the same text.
  std::string text;
  std::string expected;
  std::vector<Diagnostic> replaced_first;
  std::vector<Diagnostic> inserted_first;
  for (uint32_t i = 0; i < 40; ++i) {
    const auto at = static_cast<uint32_t>(text.size());
    text += "RUN x\n";
    expected += "S\nrun x\n";
    replaced_first.push_back(with_fix(at, at + 3, "run"));
    replaced_first.push_back(with_fix(at, at, "S\n"));
    inserted_first.push_back(with_fix(at, at, "S\n"));
    inserted_first.push_back(with_fix(at, at + 3, "run"));
  }
  for (const auto* ds : {&replaced_first, &inserted_first}) {
    const auto r = apply_fixes(text, *ds, false);
    CHECK(r.text == expected);
    CHECK(r.applied == 80);
    CHECK(r.skipped == 0);
  }
}

TEST_CASE("unsafe fixes only when asked; out-of-range edits are rejected", "[fix]") {
  const std::vector<Diagnostic> ds{with_fix(0, 1, "X", Applicability::kUnsafe)};
  CHECK(apply_fixes("abc", ds, false).text == "abc");
  CHECK(apply_fixes("abc", ds, true).text == "Xbc");
  CHECK(apply_fixes("abc", {with_fix(2, 9, "X")}, true).skipped == 1);
}

TEST_CASE("the fix loop repeats until nothing changes", "[fix]") {
  // instruction-casing and legacy-env-format fix the same instruction; maintainer-deprecated's
  // unsafe fix only applies when unsafe fixes are asked for. (USER app: no user-missing fix.)
  // alpine:3.22 is supported on the day judged, so no base-image rule has anything to fix.
  const std::string text =
      "FROM alpine:3.22\nenv A b c\nMAINTAINER Jane <j@example.com>\nUSER app\n";
  const auto selection = whalesafe::rules::RuleSelection::defaults();
  whalesafe::rules::RuleSettings settings;
  settings.eol_date = whalesafe::catalog::Date{2026, 11, 23};
  const auto safe = whalesafe::rules::fix_until_stable(text, selection, settings, false);
  CHECK(safe.converged);
  CHECK(safe.text ==
        "FROM alpine:3.22\nENV A=\"b c\"\nMAINTAINER Jane <j@example.com>\nUSER app\n");
  const auto all = whalesafe::rules::fix_until_stable(text, selection, settings, true);
  CHECK(all.text ==
        "FROM alpine:3.22\nENV A=\"b c\"\nLABEL maintainer=\"Jane <j@example.com>\"\nUSER app\n");
  CHECK(all.fixes_applied == 3);
}
