#include "rules/suppressions.h"

#include <cctype>
#include <optional>
#include <string_view>

#include "rules/node_util.h"
#include "syntax/tree_util.h"

namespace whalesafe::rules {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

// A cursor over one comment line; positions are byte offsets into the document.
struct Cursor {
  std::string_view line;
  uint32_t base = 0;  // document offset of line[0]
  std::size_t at = 0;

  void skip_blanks() {
    while (at < line.size() && is_blank(line[at])) ++at;
  }
  bool word(std::string_view w) {
    skip_blanks();
    if (line.substr(at, w.size()) != w) return false;
    const std::size_t end = at + w.size();
    if (end < line.size() && is_name_char(line[end])) return false;
    at = end;
    return true;
  }
  bool punct(char c) {
    skip_blanks();
    if (at >= line.size() || line[at] != c) return false;
    ++at;
    return true;
  }
};

// Reads `Name[, Name]...` at the cursor; stops at the first blank not followed by a comma.
std::vector<SuppressedName> read_names(Cursor& c, bool allow_all) {
  std::vector<SuppressedName> names;
  for (;;) {
    c.skip_blanks();
    const std::size_t start = c.at;
    while (c.at < c.line.size() && is_name_char(c.line[c.at])) ++c.at;
    if (c.at == start) break;
    SuppressedName n;
    n.name = std::string(c.line.substr(start, c.at - start));
    n.start_byte = c.base + static_cast<uint32_t>(start);
    n.end_byte = c.base + static_cast<uint32_t>(c.at);
    n.all = allow_all && iequals(n.name, "all");
    if (!n.all) n.resolved = resolve_rule_name(n.name);
    names.push_back(std::move(n));
    const std::size_t before_comma = c.at;
    if (!c.punct(',')) {
      c.at = before_comma;
      break;
    }
  }
  return names;
}

// Parses `# <tool> [global|stage] ignore=<names>`; nullopt when the comment is not one.
std::optional<Suppression> parse_comment(std::string_view line, uint32_t base) {
  Cursor c{line, base, 0};
  if (!c.punct('#')) return std::nullopt;
  Suppression s;
  if (c.word("hadolint")) {
    s.kind = SuppressionKind::kHadolint;
  } else if (c.word("whalesafe")) {
    s.kind = SuppressionKind::kWhalesafe;
  } else {
    return std::nullopt;
  }
  if (c.word("global")) {
    s.scope = SuppressionScope::kFile;
  } else if (s.kind == SuppressionKind::kWhalesafe && c.word("stage")) {
    s.scope = SuppressionScope::kStage;
  }
  if (!c.word("ignore") || !c.punct('=')) return std::nullopt;
  s.names = read_names(c, false);
  s.comment_start = base;
  s.comment_end = base + static_cast<uint32_t>(line.size());
  return s;
}

// BuildKit's `# check=skip=A,B;error=true`: the skip list of the check directive.
std::optional<Suppression> parse_check_directive(const syntax::Document& doc,
                                                 const syntax::Directive& d) {
  const std::string_view line =
      std::string_view(doc.text()).substr(d.start_byte, d.end_byte - d.start_byte);
  const std::size_t value_at = line.find(d.value);
  if (value_at == std::string_view::npos) return std::nullopt;
  const uint32_t value_base = d.start_byte + static_cast<uint32_t>(value_at);
  std::size_t part_start = 0;
  const std::string_view value = d.value;
  while (part_start <= value.size()) {
    std::size_t part_end = value.find(';', part_start);
    if (part_end == std::string_view::npos) part_end = value.size();
    const std::string_view part = value.substr(part_start, part_end - part_start);
    Cursor c{part, value_base + static_cast<uint32_t>(part_start), 0};
    if (c.word("skip") && c.punct('=')) {
      Suppression s;
      s.kind = SuppressionKind::kBuildkitCheck;
      s.scope = SuppressionScope::kFile;
      s.comment_start = d.start_byte;
      s.comment_end = d.end_byte;
      s.names = read_names(c, true);
      return s;
    }
    part_start = part_end + 1;
  }
  return std::nullopt;
}

void set_scope(const RuleContext& ctx, Suppression& s) {
  const uint32_t doc_end = static_cast<uint32_t>(ctx.document().text().size());
  switch (s.scope) {
    case SuppressionScope::kFile:
      s.scope_start = 0;
      s.scope_end = UINT32_MAX;  // also covers findings at the very end of the text
      return;
    case SuppressionScope::kNextInstruction:
      s.scope_start = s.scope_end = s.comment_end;
      for (TSNode i : ctx.instructions()) {
        if (ts_node_start_byte(i) >= s.comment_end) {
          s.scope_start = ts_node_start_byte(i);
          s.scope_end = ts_node_end_byte(i);
          return;
        }
      }
      return;
    case SuppressionScope::kStage: {
      // From the start of the stage holding the comment to the next FROM.
      s.scope_start = 0;
      s.scope_end = doc_end;
      for (const SyntaxStage& stage : ctx.stages()) {
        const uint32_t from = ts_node_start_byte(stage.from);
        if (from <= s.comment_start) {
          s.scope_start = from;
        } else {
          s.scope_end = from;
          break;
        }
      }
      return;
    }
  }
}

std::vector<Suppression> compute_suppressions(const RuleContext& ctx) {
  const syntax::Document& doc = ctx.document();
  std::vector<Suppression> out;
  for (const syntax::Directive& d : ctx.directives().directives) {
    if (d.name != "check") continue;
    if (std::optional<Suppression> s = parse_check_directive(doc, d)) out.push_back(*s);
  }
  // Only top-level comments: those between the continuation lines of an instruction are no
  // pragmas, BuildKit drops them.
  for (TSNode comment : doc.top_level_comments()) {
    std::string_view line = doc.node_text(comment);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
    if (std::optional<Suppression> s = parse_comment(line, ts_node_start_byte(comment))) {
      out.push_back(std::move(*s));
    }
  }
  for (Suppression& s : out) set_scope(ctx, s);
  return out;
}

}  // namespace

const std::vector<Suppression>& find_suppressions(const RuleContext& ctx) {
  return ctx.shared_fact<std::vector<Suppression>>([&] { return compute_suppressions(ctx); });
}

std::string describe(const Suppression& s) {
  if (s.kind == SuppressionKind::kBuildkitCheck) return "check=skip";
  std::string out = s.kind == SuppressionKind::kHadolint ? "hadolint" : "whalesafe";
  if (s.scope == SuppressionScope::kFile) out += " global";
  if (s.scope == SuppressionScope::kStage) out += " stage";
  return out + " ignore";
}

}  // namespace whalesafe::rules
