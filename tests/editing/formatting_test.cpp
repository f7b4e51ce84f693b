// Formatting: casing and continuation indentation fixed, hand-aligned layouts left alone.
#include "editing/formatting.h"

#include <catch2/catch.hpp>

#include "annotations.h"

namespace whalesafe::editing {
namespace {

std::string formatted(const std::string& code, FormatOptions options = {}) {
  const syntax::Document doc(code);
  const model::Model model = model::build_model(doc);
  const std::vector<findings::TextEdit> edits = format(doc, model, options);
  std::string out = code;
  for (auto it = edits.rbegin(); it != edits.rend(); ++it) {
    out.replace(it->start_byte, it->end_byte - it->start_byte, it->new_text);
  }
  // Formatting again changes nothing.
  if (!options.range) {
    const syntax::Document again(out);
    CHECK(format(again, model::build_model(again), options).empty());
  }
  return out;
}

TEST_CASE("formatting upper-cases keywords and AS, and unindents instructions", "[unit]") {
  CHECK(formatted("from alpine as build\n  run echo hi\nonbuild copy . /src\n"
                  "healthcheck --interval=5s cmd true\n") ==
        "FROM alpine AS build\nRUN echo hi\nONBUILD COPY . /src\n"
        "HEALTHCHECK --interval=5s CMD true\n");
  // Arguments keep their case.
  CHECK(formatted("FROM alpine\nRUN Echo As FROM\n") == "FROM alpine\nRUN Echo As FROM\n");
}

TEST_CASE("continuation lines sharing one indentation get one indentation unit", "[unit]") {
  CHECK(formatted("FROM alpine\nRUN apk add \\\ncurl \\\ngit\n") ==
        "FROM alpine\nRUN apk add \\\n    curl \\\n    git\n");
  CHECK(formatted("FROM alpine\nRUN apk add \\\n  curl \\\n  git\n") ==
        "FROM alpine\nRUN apk add \\\n    curl \\\n    git\n");
  FormatOptions tabs;
  tabs.indent = "\t";
  CHECK(formatted("FROM alpine\nENV A=1 \\\n  B=2\n", tabs) == "FROM alpine\nENV A=1 \\\n\tB=2\n");
}

TEST_CASE("the example of docs/lsp.md", "[unit]") {
  CHECK(formatted("run apk add \\\ncurl \\\ngit\n") == "RUN apk add \\\n    curl \\\n    git\n");
}

TEST_CASE("hand-aligned and nested continuation lines are never reflowed", "[unit]") {
  const std::string nested =
      "FROM debian\nRUN apt-get update && \\\n    apt-get install -y \\\n        curl \\\n"
      "        git && \\\n    rm -rf /var/lib/apt/lists/*\n";
  CHECK(formatted(nested) == nested);
  const std::string aligned =
      "FROM debian\nRUN apt-get install -y curl \\\n                       git\n";
  CHECK(formatted(aligned) == aligned);
  // Comment lines and heredoc bodies are left alone.
  const std::string heredoc = "FROM alpine\nRUN <<EOF\n  echo hi\nEOF\n";
  CHECK(formatted(heredoc) == heredoc);
  const std::string comment = "FROM alpine\nRUN a \\\n# note\n    b\n";
  CHECK(formatted(comment) == comment);
}

TEST_CASE("range formatting touches only the instructions in the range", "[unit]") {
  const test_support::Annotations a("from alpine\n[[run a]]\nrun b\n");
  FormatOptions options;
  options.range = a.range();
  CHECK(formatted(a.code(), options) == "from alpine\nRUN a\nrun b\n");
}

TEST_CASE("formatting keeps CRLF line ends", "[unit]") {
  CHECK(formatted("from alpine\r\nrun a \\\r\nb\r\n") == "FROM alpine\r\nRUN a \\\r\n    b\r\n");
}

}  // namespace
}  // namespace whalesafe::editing
