// docs/shell.md's example: its Dockerfile, shell text, invocations and mapped columns.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "shell/invocations.h"
#include "shell/shell_analysis.h"
#include "syntax/document.h"

using namespace whalesafe;
using namespace whalesafe::shell;

namespace {

std::string read_docs() {
  std::ifstream in(std::string(WHALESAFE_SOURCE_DIR) + "/docs/shell.md", std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The fenced blocks of `lang` in `markdown`, in order.
std::vector<std::string> blocks(const std::string& markdown, const std::string& lang) {
  std::vector<std::string> out;
  const std::string open = "```" + lang + "\n";
  std::size_t pos = 0;
  while ((pos = markdown.find(open, pos)) != std::string::npos) {
    pos += open.size();
    const std::size_t end = markdown.find("```", pos);
    out.push_back(markdown.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

std::string describe(const Invocation& inv) {
  std::string s(manager_name(inv.manager));
  if (!inv.action.empty()) s += " " + inv.action;
  for (const Package& p : inv.packages) s += " " + p.spec;
  for (const Span& u : inv.urls) s += " " + u.text;
  if (!inv.flags.empty()) {
    s += " [";
    for (std::size_t i = 0; i < inv.flags.size(); ++i) {
      if (i > 0) s += " ";
      s += inv.flags[i].canonical;
      if (inv.flags[i].value) s += "=" + *inv.flags[i].value;
    }
    s += "]";
  }
  if (inv.piped_to_shell) s += " piped to a shell";
  return s + "\n";
}

}  // namespace

TEST_CASE("docs/shell.md example", "[docs]") {
  const std::string docs = read_docs();
  const auto dockerfiles = blocks(docs, "dockerfile");
  const auto texts = blocks(docs, "text");
  REQUIRE(dockerfiles.size() == 1);
  REQUIRE(texts.size() == 2);

  const syntax::Document doc(dockerfiles[0]);
  ParseCache cache;
  const auto shells = analyze_document(doc, cache);
  REQUIRE(shells.size() == 1);
  CHECK(shells[0].source.text + "\n" == texts[0]);

  std::string described;
  for (const Invocation& inv : recognize_invocations(shells[0].script, shells[0].source.map)) {
    described += describe(inv);
  }
  CHECK(described == texts[1]);

  const auto invocations = recognize_invocations(shells[0].script, shells[0].source.map);
  const Flag* insecure = invocations.back().flag("insecure");
  REQUIRE(insecure != nullptr);
  const syntax::LineCol start = doc.line_col(insecure->span.doc.covering.start);
  const syntax::LineCol end = doc.line_col(insecure->span.doc.covering.end);
  CHECK(docs.find("line " + std::to_string(start.line) + ", columns " +
                  std::to_string(start.column) + " to " + std::to_string(end.column)) !=
        std::string::npos);
}
