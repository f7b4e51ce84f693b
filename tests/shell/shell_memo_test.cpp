// The shell memo (shell/shell_memo.h): shells handed back from the memo, shifted and bound to
// the new tree, are field for field what a fresh shell::analyze_document gives, after edits
// above, inside and below instructions, with ONBUILD, heredoc scripts and an escape directive;
// so are the package-manager invocations kept with them.
#include "shell/shell_memo.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "shell/parse_cache.h"
#include "syntax/directives.h"
#include "syntax/document.h"

namespace whalesafe::shell {
namespace {

std::string describe(const MappedRange& m) {
  std::string out = "[" + std::to_string(m.covering.start) + "," + std::to_string(m.covering.end);
  for (const ByteRange& p : m.pieces) {
    out += " " + std::to_string(p.start) + "-" + std::to_string(p.end);
  }
  return out + "]";
}

std::string describe(const Word& w) { return w.raw + describe(w.doc); }

// Everything of the shells that holds a Dockerfile position or comes from the tree.
std::string describe(const syntax::Document& doc, const std::vector<AnalyzedShell>& shells) {
  std::string out;
  for (const AnalyzedShell& s : shells) {
    const ShellSource& src = s.source;
    out += src.keyword + (src.onbuild ? " onbuild" : "") + " kind " +
           std::to_string(static_cast<int>(src.kind)) + " node " +
           std::string(doc.node_text(src.instruction)) + "@" +
           std::to_string(ts_node_start_byte(src.instruction)) + " heredoc " +
           (src.heredoc_index ? std::to_string(*src.heredoc_index) : "-") + " " + src.interpreter +
           "\n  text " + src.text + "\n  map";
    for (uint32_t at = 0; at <= src.map.size(); ++at) {
      out += " " + std::to_string(src.map.to_document(at)) + "/" +
             std::to_string(src.map.to_document(at, true));
    }
    out += "\n";
    for (const Command& c : s.script.commands) {
      out += "  command" + describe(c.doc);
      if (c.name) out += " " + describe(*c.name);
      for (const Word& w : c.args) out += " " + describe(w);
      for (const Assignment& a : c.assignments) {
        out += " " + a.name + describe(a.doc) + (a.value ? describe(*a.value) : "");
      }
      for (const Redirect& r : c.redirects) {
        out += " " + r.op + describe(r.doc) + (r.target ? describe(*r.target) : "");
      }
      out += "\n";
    }
  }
  return out;
}

std::string describe(const Span& s) { return s.text + describe(s.doc); }

std::string describe(const std::optional<Span>& s) { return s ? describe(*s) : "-"; }

// The Dockerfile positions of recognized invocations (the rest is derived from the script).
std::string describe(const std::vector<Invocation>& invocations) {
  std::string out;
  for (const Invocation& inv : invocations) {
    out += "  invocation " + inv.action + " " + describe(inv.action_span);
    for (const Package& p : inv.packages) out += " " + describe(p.span) + describe(p.version_span);
    for (const Flag& f : inv.flags) out += " " + describe(f.span) + describe(f.value_span);
    for (const Span& o : inv.operands) out += " " + describe(o);
    for (const Span& u : inv.urls) out += " " + describe(u);
    out += " " + describe(inv.output) + "\n";
  }
  return out;
}

struct Checker {
  ParseCache cache{256};
  ShellMemo memo;

  void compare(const syntax::Document& doc, const std::string& where) {
    const char escape = syntax::read_directives(doc.text()).escape;
    std::vector<AnalyzedShell> reused = memo.analyze_document(doc, escape, cache);
    ParseCache fresh_cache(256);
    const std::vector<AnalyzedShell> fresh = analyze_document(doc, fresh_cache);
    INFO(where << "\n--- text ---\n" << doc.text());
    CHECK(describe(doc, reused) == describe(doc, fresh));
    // Invocations kept with a shell were shifted with it: they equal those recognized anew.
    REQUIRE(reused.size() == fresh.size());
    for (std::size_t i = 0; i < reused.size(); ++i) {
      const std::string expected =
          describe(recognize_invocations(fresh[i].script, fresh[i].source.map));
      if (reused[i].invocations) CHECK(describe(*reused[i].invocations) == expected);
      // What a rule context does when it goes: the memo keeps them for the next analysis.
      if (!reused[i].invocations) {
        reused[i].invocations = recognize_invocations(reused[i].script, reused[i].source.map);
      }
    }
    memo.keep(std::move(reused));
  }
};

const char* const kText =
    "FROM alpine AS base\n"
    "RUN apk add --no-cache curl \\\n"
    "    # a comment inside\n"
    "    && curl -fsSL https://example.com/x > /tmp/x\n"
    "ONBUILD RUN echo built > /built\n"
    "RUN <<EOF\n"
    "set -e\n"
    "echo one\n"
    "EOF\n"
    "RUN bash <<'SCRIPT'\n"
    "A=1 env B=2 sudo -u app make install 2>&1 | tee /log\n"
    "SCRIPT\n"
    "RUN apt-get install -y pkg=1.0 && wget -O /x http://e.com/y && rpm -Uvh a.rpm\n"
    "CMD [\"sh\"]\n"
    "RUN apk add --no-cache curl \\\n"
    "    # a comment inside\n"
    "    && curl -fsSL https://example.com/x > /tmp/x\n";

TEST_CASE("the shell memo reuses moved instructions and matches a fresh analysis", "[memo]") {
  Checker checker;
  syntax::Document doc(kText);
  checker.compare(doc, "first analysis");
  CHECK(checker.memo.stats().reused == 0);
  const uint64_t instructions = checker.memo.stats().analysed;

  doc.edit(0, 0, "# moved\n");  // every instruction moves, none changes
  checker.compare(doc, "after a line above");
  CHECK(checker.memo.stats().reused == instructions);
  CHECK(checker.memo.stats().analysed == instructions);

  const auto at = static_cast<uint32_t>(doc.text().find("echo one"));
  doc.edit(at, at + 4, "printf");  // one instruction changes, those below move back
  checker.compare(doc, "after an edit in a heredoc");
  CHECK(checker.memo.stats().analysed == instructions + 1);

  doc.edit(0, 0, "# escape=`\n");  // another escape char: nothing is reused
  checker.compare(doc, "after an escape directive");
  CHECK(checker.memo.stats().analysed == 2 * instructions + 1);
}

TEST_CASE("the shell memo matches a fresh analysis after random edits", "[memo]") {
  Checker checker;
  syntax::Document doc(kText);
  std::mt19937 random(20261124);
  const std::vector<std::string> inserts{"x", "\n", "\\\n", " ", "RUN a\n", "<<E\nE\n", "$A", "'"};
  for (int i = 0; i < 200; ++i) {
    const auto size = static_cast<uint32_t>(doc.text().size());
    const uint32_t start = std::uniform_int_distribution<uint32_t>(0, size)(random);
    const uint32_t length = std::uniform_int_distribution<uint32_t>(0, 3)(random);
    const std::string& insert =
        inserts[std::uniform_int_distribution<std::size_t>(0, inserts.size() - 1)(random)];
    doc.edit(start, std::min(size, start + length), insert);
    checker.compare(doc, "edit " + std::to_string(i));
    if (doc.text().size() > 3000) doc = syntax::Document(kText);
  }
}

}  // namespace
}  // namespace whalesafe::shell
