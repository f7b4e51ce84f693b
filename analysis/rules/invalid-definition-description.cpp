// invalid-definition-description: a comment right above an ARG, or above a FROM that names its
// stage, that does not start with the ARG's or stage's name. BuildKit shows such comments as
// descriptions (`docker build --call=outline` / `--call=targets`) only when they do.
#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "rules/node_util.h"
#include "rules/rule_context.h"
#include "rules/suppressions.h"

namespace whalesafe::rules {
namespace {

// The comment's text after `#`, trimmed as BuildKit trims it.
std::string_view comment_text(std::string_view line) {
  line.remove_prefix(std::min<std::size_t>(1, line.size()));
  const std::size_t first = line.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const std::size_t last = line.find_last_not_of(" \t\r");
  return line.substr(first, last - first + 1);
}

// The top-level comment on 0-based `row`, if any: the document lists them in source order, so
// a binary search by byte finds it without walking the tree at every analysis.
std::optional<TSNode> comment_on_row(const RuleContext& ctx, uint32_t row) {
  const syntax::Document& doc = ctx.document();
  const std::vector<TSNode>& comments = doc.top_level_comments();
  const uint32_t start = doc.line_start(row);
  const uint32_t end = row + 1 < doc.line_count() ? doc.line_start(row + 1)
                                                  : static_cast<uint32_t>(doc.text().size());
  const auto it = std::lower_bound(
      comments.begin(), comments.end(), start,
      [](TSNode comment, uint32_t byte) { return ts_node_start_byte(comment) < byte; });
  if (it == comments.end() || ts_node_start_byte(*it) >= end) return std::nullopt;
  return *it;
}

// The names a description of `instruction` may start with: the ARG's names, or the stage name
// of a FROM ... AS name (as written, or lower-cased as BuildKit stores stage names).
std::vector<std::string> defined_names(const RuleContext& ctx, TSNode instruction) {
  std::vector<std::string> names;
  if (is_type(instruction, "arg_instruction")) {
    for (TSNode arg : fields(instruction, "argument")) {
      const TSNode name = field(arg, "name");
      if (!ts_node_is_null(name)) names.emplace_back(ctx.text(name));
    }
  } else if (is_type(instruction, "from_instruction")) {
    const TSNode alias = field(instruction, "name");
    if (!ts_node_is_null(alias)) {
      names.emplace_back(ctx.text(alias));
      if (names.back() != ascii_lower(names.back())) names.push_back(ascii_lower(names.back()));
    }
  }
  return names;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  std::optional<std::vector<uint32_t>> pragmas;  // where suppression comments start
  for (TSNode i : ctx.instructions()) {
    const std::vector<std::string> names = defined_names(ctx, i);
    const uint32_t row = ts_node_start_point(i).row;
    if (names.empty() || row == 0) continue;
    const std::optional<TSNode> above = comment_on_row(ctx, row - 1);
    if (!above) continue;
    const std::string_view text = comment_text(ctx.text(*above));
    if (text.empty()) continue;  // an empty `#` line separates, as a blank line does
    // A suppression (`# hadolint ignore=...`) must stay right above its instruction and is
    // not meant as a description.
    if (!pragmas) {
      pragmas.emplace();
      for (const Suppression& p : find_suppressions(ctx)) pragmas->push_back(p.comment_start);
    }
    if (std::find(pragmas->begin(), pragmas->end(), ts_node_start_byte(*above)) != pragmas->end()) {
      continue;
    }
    const std::string_view first_word = text.substr(0, text.find(' '));
    if (std::find(names.begin(), names.end(), first_word) != names.end()) continue;
    const std::string example =
        is_type(i, "arg_instruction") && names.size() > 1 ? "<name>" : names.front();
    reporter.report(*above,
                    fmt::format("a comment right above {} describes it only when it starts with "
                                "its name ('# {} ...'); otherwise put an empty line between them",
                                instruction_name(i), example));
  }
}

}  // namespace

const Rule& rule_invalid_definition_description() {
  static const Rule rule{
      {.slug = "invalid-definition-description",
       .summary = "Comments above ARG and FROM start with the name they describe",
       .severity = Severity::kStyle,
       .enabled_by_default = false,
       .aliases = {"InvalidDefinitionDescription"},
       .doc = {.what = "Reports the comment line directly above an `ARG`, or above a `FROM` "
                       "that names its stage (`AS name`), when its first word is not the "
                       "argument's name (any of them, for `ARG A B`) or the stage's name. A "
                       "blank line or an empty `#` line in between means the comment is not a "
                       "description, and neither is a suppression comment (`# hadolint "
                       "ignore=...`, `# whalesafe ignore=...`). Off by default, like BuildKit's "
                       "experimental check; turn "
                       "it on with `--select invalid-definition-description` or in the "
                       "configuration.",
               .why = "`docker build --call=outline` and `--call=targets` list build arguments "
                      "and stages with the comment right above them as their description, but "
                      "only when it starts with the name: `# VERSION of the app to build`. "
                      "A comment that does not is silently dropped from that documentation.",
               .example = "# the version to build\nARG VERSION=1.4.2\n"
                          "# build stage\nFROM golang:1.23 AS build\n",
               .instead = "# VERSION is the version to build\nARG VERSION=1.4.2\n"
                          "# build compiles the binary\nFROM golang:1.23 AS build\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
