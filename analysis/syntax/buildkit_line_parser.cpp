#include "buildkit_line_parser.h"

#include <array>

#include "go_json.h"
#include "go_text.h"
#include "syntax/ascii.h"

namespace whalesafe::syntax {
namespace {

// string(rune(b)) for a byte: bytes >= 0x80 become the UTF-8 encoding of U+0080..U+00FF.
void append_byte_as_rune(std::string& out, unsigned char b) { go::append_rune(out, b); }

struct Split {
  std::string cmd;
  std::vector<std::string> flags;
  std::string args;
};

// extractBuilderFlags: takes the leading `--flag` words. Works byte by byte, like BuildKit.
void extract_flags(std::string_view line, std::string* rest, std::vector<std::string>* words) {
  enum Phase { kSpaces, kWord, kQuote };
  Phase phase = kSpaces;
  std::string word;
  unsigned char quote = 0;
  bool blank_ok = false;
  unsigned char ch = 0;
  const std::size_t n = line.size();
  for (std::size_t pos = 0; pos <= n; ++pos) {
    if (pos != n) ch = static_cast<unsigned char>(line[pos]);
    if (phase == kSpaces) {
      if (pos == n) break;
      if (go::is_space(ch)) continue;
      if (ch != '-' || pos + 1 == n || line[pos + 1] != '-') {
        *rest = std::string(line.substr(pos));
        return;
      }
      phase = kWord;
    }
    if ((phase == kWord || phase == kQuote) && pos == n) {
      if (word != "--" && (blank_ok || !word.empty())) words->push_back(word);
      break;
    }
    if (phase == kWord) {
      if (go::is_space(ch)) {
        phase = kSpaces;
        if (word == "--") {
          *rest = std::string(line.substr(pos));
          return;
        }
        if (blank_ok || !word.empty()) words->push_back(word);
        word.clear();
        blank_ok = false;
        continue;
      }
      if (ch == '\'' || ch == '"') {
        quote = ch;
        blank_ok = true;
        phase = kQuote;
        continue;
      }
      if (ch == '\\') {
        if (pos + 1 == n) continue;
        ++pos;
        ch = static_cast<unsigned char>(line[pos]);
      }
      append_byte_as_rune(word, ch);
      continue;
    }
    // kQuote
    if (ch == quote) {
      phase = kWord;
      continue;
    }
    if (ch == '\\') {
      if (pos + 1 == n) {
        phase = kWord;
        continue;
      }
      ++pos;
      ch = static_cast<unsigned char>(line[pos]);
    }
    append_byte_as_rune(word, ch);
  }
  rest->clear();
}

Split split_command(std::string_view line) {
  Split s;
  const std::vector<std::string> parts = go::split_ascii_whitespace(go::trim_space(line), 2);
  s.cmd = parts[0];
  if (parts.size() == 2) extract_flags(parts[1], &s.args, &s.flags);
  s.args = std::string(go::trim_space(s.args));
  return s;
}

// parseWords: splits on white space; quotes and escapes are kept in the words.
std::vector<std::string> parse_words(std::string_view rest, char escape) {
  enum Phase { kSpaces, kWord, kQuote };
  std::vector<std::string> words;
  Phase phase = kSpaces;
  std::string word;
  char32_t quote = 0;
  bool blank_ok = false;
  char32_t ch = 0;
  std::size_t width = 0;
  const std::size_t n = rest.size();
  auto decode = [&](std::size_t at) {
    const go::DecodedRune d = go::decode_rune(rest.substr(at));
    ch = d.rune;
    width = d.width;
  };
  for (std::size_t pos = 0; pos <= n; pos += width) {
    if (pos != n) decode(pos);
    if (phase == kSpaces) {
      if (pos == n) break;
      if (go::is_space(ch)) continue;
      phase = kWord;
    }
    if ((phase == kWord || phase == kQuote) && pos == n) {
      if (blank_ok || !word.empty()) words.push_back(word);
      break;
    }
    if (phase == kWord) {
      if (go::is_space(ch)) {
        phase = kSpaces;
        if (blank_ok || !word.empty()) words.push_back(word);
        word.clear();
        blank_ok = false;
        continue;
      }
      if (ch == '\'' || ch == '"') {
        quote = ch;
        blank_ok = true;
        phase = kQuote;
      }
      if (ch == static_cast<char32_t>(escape)) {
        if (pos + width == n) continue;
        go::append_rune(word, ch);
        pos += width;
        decode(pos);
      }
      go::append_rune(word, ch);
      continue;
    }
    // kQuote
    if (ch == quote) phase = kWord;
    if (ch == static_cast<char32_t>(escape) && quote != '\'') {
      if (pos + width == n) {
        phase = kWord;
        continue;
      }
      pos += width;
      go::append_rune(word, ch);
      decode(pos);
    }
    go::append_rune(word, ch);
  }
  return words;
}

using ParseFn = BuildkitLineResult (*)(std::string_view rest, char escape, BuildkitNode node);

BuildkitLineResult ok(BuildkitNode node) { return BuildkitLineResult{std::move(node), {}}; }

BuildkitLineResult fail(std::string message) {
  return BuildkitLineResult{std::nullopt, std::move(message)};
}

BuildkitLineResult parse_ignore(std::string_view, char, BuildkitNode node) {
  node.args.emplace_back();
  return ok(std::move(node));
}

BuildkitLineResult parse_string(std::string_view rest, char, BuildkitNode node) {
  if (!rest.empty()) node.args.emplace_back(rest);
  return ok(std::move(node));
}

void whitespace_delimited(std::string_view rest, BuildkitNode& node) {
  if (rest.empty()) return;
  for (std::string& s : go::split_ascii_whitespace(rest)) node.args.push_back(std::move(s));
}

BuildkitLineResult parse_strings_whitespace_delimited(std::string_view rest, char,
                                                      BuildkitNode node) {
  whitespace_delimited(rest, node);
  return ok(std::move(node));
}

BuildkitLineResult parse_maybe_json(std::string_view rest, char, BuildkitNode node) {
  if (rest.empty()) return ok(std::move(node));
  go::JsonArrayResult json = go::parse_json_string_array(rest);
  if (json.status == go::JsonArrayStatus::kStrings) {
    node.args = std::move(json.strings);
    node.json = true;
    return ok(std::move(node));
  }
  if (json.status == go::JsonArrayStatus::kNotStrings)
    return fail(std::string(kJsonNotStringArray));
  node.args.emplace_back(rest);
  return ok(std::move(node));
}

BuildkitLineResult parse_maybe_json_to_list(std::string_view rest, char, BuildkitNode node) {
  go::JsonArrayResult json = go::parse_json_string_array(rest);
  if (json.status == go::JsonArrayStatus::kStrings) {
    node.args = std::move(json.strings);
    node.json = true;
    return ok(std::move(node));
  }
  if (json.status == go::JsonArrayStatus::kNotStrings)
    return fail(std::string(kJsonNotStringArray));
  whitespace_delimited(rest, node);
  return ok(std::move(node));
}

BuildkitLineResult parse_name_or_name_val(std::string_view rest, char escape, BuildkitNode node) {
  node.args = parse_words(rest, escape);
  return ok(std::move(node));
}

BuildkitLineResult parse_name_val(std::string_view rest, char escape, BuildkitNode node,
                                  std::string_view key) {
  const std::vector<std::string> words = parse_words(rest, escape);
  if (words.empty()) return ok(std::move(node));
  if (words[0].find('=') == std::string::npos) {
    // Old form: KEY name value.
    std::vector<std::string> parts = go::split_ascii_whitespace(rest, 2);
    if (parts.size() < 2) return fail(std::string(key) + " must have two arguments");
    node.args = {std::move(parts[0]), std::move(parts[1]), ""};
    return ok(std::move(node));
  }
  for (const std::string& word : words) {
    const std::size_t eq = word.find('=');
    if (eq == std::string::npos) {
      return fail("Syntax error - can't find = in " + go::quote(word) +
                  ". Must be of the form: name=value");
    }
    node.args.push_back(word.substr(0, eq));
    node.args.push_back(word.substr(eq + 1));
    node.args.emplace_back("=");
  }
  return ok(std::move(node));
}

BuildkitLineResult parse_env(std::string_view rest, char escape, BuildkitNode node) {
  return parse_name_val(rest, escape, std::move(node), "ENV");
}

BuildkitLineResult parse_label(std::string_view rest, char escape, BuildkitNode node) {
  return parse_name_val(rest, escape, std::move(node), "LABEL");
}

BuildkitLineResult parse_health_config(std::string_view rest, char escape, BuildkitNode node) {
  std::size_t sep = 0;
  while (sep < rest.size() && !go::is_space(static_cast<unsigned char>(rest[sep]))) ++sep;
  std::size_t next = sep;
  while (next < rest.size() && go::is_space(static_cast<unsigned char>(rest[next]))) ++next;
  if (sep == 0) return ok(std::move(node));
  BuildkitLineResult cmd = parse_maybe_json(rest.substr(next), escape, BuildkitNode{});
  if (!cmd.node) return cmd;
  node.args.emplace_back(rest.substr(0, sep));
  for (std::string& a : cmd.node->args) node.args.push_back(std::move(a));
  node.json = cmd.node->json;
  return ok(std::move(node));
}

BuildkitLineResult parse_sub_command(std::string_view rest, char escape, BuildkitNode node) {
  if (rest.empty()) return ok(std::move(node));
  BuildkitLineResult child = parse_buildkit_line(rest, escape);
  if (!child.node) return child;
  node.sub = std::make_shared<BuildkitNode>(std::move(*child.node));
  return ok(std::move(node));
}

struct DispatchEntry {
  std::string_view name;
  ParseFn fn;
};

constexpr std::array<DispatchEntry, 18> kDispatch{{
    {"add", &parse_maybe_json_to_list},
    {"arg", &parse_name_or_name_val},
    {"cmd", &parse_maybe_json},
    {"copy", &parse_maybe_json_to_list},
    {"entrypoint", &parse_maybe_json},
    {"env", &parse_env},
    {"expose", &parse_strings_whitespace_delimited},
    {"from", &parse_strings_whitespace_delimited},
    {"healthcheck", &parse_health_config},
    {"label", &parse_label},
    {"maintainer", &parse_string},
    {"onbuild", &parse_sub_command},
    {"run", &parse_maybe_json},
    {"shell", &parse_maybe_json},
    {"stopsignal", &parse_string},
    {"user", &parse_string},
    {"volume", &parse_maybe_json_to_list},
    {"workdir", &parse_string},
}};

ParseFn find_parser(std::string_view lower) {
  for (const DispatchEntry& e : kDispatch) {
    if (e.name == lower) return e.fn;
  }
  return nullptr;
}

}  // namespace

bool is_known_buildkit_instruction(std::string_view lower_keyword) {
  return find_parser(lower_keyword) != nullptr;
}

BuildkitLineResult parse_buildkit_line(std::string_view line, char escape) {
  Split split = split_command(line);
  BuildkitNode node;
  node.keyword = split.cmd;
  node.flags = std::move(split.flags);
  ParseFn fn = find_parser(ascii_lower(split.cmd));
  if (fn == nullptr) fn = &parse_ignore;
  return fn(split.args, escape, std::move(node));
}

std::string BuildkitNode::dump() const {
  std::string out = ascii_lower(keyword);
  if (!flags.empty()) out += " " + go::quote_list(flags);
  for (const std::string& a : args) out += " " + go::quote(a);
  if (sub) out += " (" + sub->dump() + ")";
  return std::string(go::trim_space(out));
}

}  // namespace whalesafe::syntax
