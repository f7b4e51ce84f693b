#include "shell/shell_source.h"

#include <algorithm>

#include "syntax/tree_util.h"

namespace whalesafe::shell {
namespace {

using syntax::type_of;

constexpr std::string_view kShellCommand = "shell_command";

std::string_view trim(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view base_name(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// "run_instruction" -> "RUN", for the instructions that take a shell form.
std::string keyword_of(TSNode instruction) {
  const std::string_view type = type_of(instruction);
  if (type == "run_instruction") return "RUN";
  if (type == "cmd_instruction") return "CMD";
  if (type == "entrypoint_instruction") return "ENTRYPOINT";
  if (type == "healthcheck_instruction") return "HEALTHCHECK";
  return "";
}

TSNode child_of_type(TSNode node, std::string_view type) {
  const uint32_t n = ts_node_child_count(node);
  for (uint32_t i = 0; i < n; ++i) {
    const TSNode child = ts_node_child(node, i);
    if (type_of(child) == type) return child;
  }
  return TSNode{};
}

// Copies [start, end) of the Dockerfile into `out`, leaving out line continuations (the
// continuation token holds the escape, the line ending and the comment/blank lines BuildKit
// skips after it).
void append_without_continuations(const syntax::Document& doc, TSNode command, ShellSource& out) {
  std::vector<ByteRange> cuts;
  syntax::walk(command, [&](TSNode n) {
    if (type_of(n) == syntax::node_type::kLineContinuation) {
      cuts.push_back(ByteRange{ts_node_start_byte(n), ts_node_end_byte(n)});
      return false;
    }
    return true;
  });
  std::sort(cuts.begin(), cuts.end(),
            [](const ByteRange& a, const ByteRange& b) { return a.start < b.start; });
  const std::string_view src = doc.text();
  uint32_t pos = ts_node_start_byte(command);
  const uint32_t end = ts_node_end_byte(command);
  const auto copy = [&](uint32_t from, uint32_t to) {
    if (from >= to) return;
    out.text.append(src.substr(from, to - from));
    out.map.add_copy(from, to - from);
  };
  for (const ByteRange& cut : cuts) {
    if (cut.start < pos) continue;
    copy(pos, std::min(cut.start, end));
    pos = std::max(pos, cut.end);
  }
  copy(pos, end);
}

// The byte range of a heredoc's content and of its terminator line.
struct HeredocParts {
  std::string_view content;
  uint32_t content_start = 0;
  TSNode end{};
};

HeredocParts parts_of(const syntax::Document& doc, const syntax::Heredoc& h) {
  HeredocParts parts;
  if (ts_node_is_null(h.body)) return parts;
  const TSNode content = child_of_type(h.body, syntax::node_type::kHeredocContent);
  if (!ts_node_is_null(content)) {
    parts.content = doc.node_text(content);
    parts.content_start = ts_node_start_byte(content);
  } else {
    parts.content_start = ts_node_start_byte(h.body);
  }
  parts.end = child_of_type(h.body, syntax::node_type::kHeredocEnd);
  return parts;
}

// Where the first command of `text` ends, from `from` on: the first unquoted control
// operator character, or the end.
std::size_t first_command_end(std::string_view text, std::size_t from) {
  char quote = 0;
  for (std::size_t i = from; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == quote)
        quote = 0;
      else if (c == '\\' && quote == '"')
        ++i;
      continue;
    }
    if (c == '\\') {
      ++i;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == ';' || c == '&' || c == '|' || c == '\n' || c == ')' || c == '<' || c == '>') {
      return i;
    }
  }
  return text.size();
}

// `<<EOF bash -e` -> `bash -e <<EOF` (see shell_source.h), when the line starts with markers.
void move_leading_markers(TSNode command, ShellSource& line) {
  uint32_t markers_end = 0;  // Dockerfile offset after the last leading marker
  const uint32_t n = ts_node_child_count(command);
  for (uint32_t i = 0; i < n; ++i) {
    const TSNode child = ts_node_child(command, i);
    const std::string_view type = type_of(child);
    if (type == syntax::node_type::kHeredocMarker) {
      markers_end = ts_node_end_byte(child);
    } else if (type != syntax::node_type::kLineContinuation) {
      break;
    }
  }
  if (markers_end == 0 || markers_end <= ts_node_start_byte(command)) return;
  const std::optional<uint32_t> split = line.map.to_shell(markers_end - 1);
  if (!split) return;
  const uint32_t cut = *split + 1;
  std::size_t rest = cut;
  while (rest < line.text.size() && (line.text[rest] == ' ' || line.text[rest] == '\t')) ++rest;
  if (rest == line.text.size()) return;  // nothing but markers
  std::size_t end = first_command_end(line.text, rest);
  while (end > rest && (line.text[end - 1] == ' ' || line.text[end - 1] == '\t')) --end;
  const auto u32 = [](std::size_t v) { return static_cast<uint32_t>(v); };
  ShellSource moved;
  moved.text =
      line.text.substr(rest, end - rest) + " " + line.text.substr(0, cut) + line.text.substr(end);
  moved.map.append_from(line.map, ByteRange{u32(rest), u32(end)});
  moved.map.add_inserted(line.map.to_document(u32(end), true), 1);
  moved.map.append_from(line.map, ByteRange{0, cut});
  moved.map.append_from(line.map, ByteRange{u32(end), u32(line.text.size())});
  line.text = std::move(moved.text);
  line.map = std::move(moved.map);
}

}  // namespace

bool is_shell_program(std::string_view program) {
  static constexpr std::string_view kShells[] = {"sh",  "bash", "dash", "ash",
                                                 "ksh", "mksh", "zsh",  "busybox"};
  const std::string_view name = base_name(program);
  return std::find(std::begin(kShells), std::end(kShells), name) != std::end(kShells);
}

std::string interpreter_program(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  if (words.empty()) return "";
  if (base_name(words[0]) != "env") return std::string(words[0]);
  for (std::size_t k = 1; k < words.size(); ++k) {
    if (words[k].starts_with('-') || words[k].find('=') != std::string_view::npos) continue;
    return std::string(words[k]);
  }
  return "";
}

ShellSource heredoc_script(std::string_view content, uint32_t content_start, bool strip_tabs) {
  ShellSource out;
  out.kind = SourceKind::kHeredocScript;
  if (!strip_tabs) {
    out.text = std::string(content);
    out.map.add_copy(content_start, static_cast<uint32_t>(content.size()));
    return out;
  }
  // BuildKit's ChompHeredocContent and the shell's `<<-` both drop the leading tabs of every
  // line.
  std::size_t pos = 0;
  while (pos < content.size()) {
    std::size_t line_end = content.find('\n', pos);
    line_end = line_end == std::string_view::npos ? content.size() : line_end + 1;
    std::size_t first = pos;
    while (first < line_end && content[first] == '\t') ++first;
    out.text.append(content.substr(first, line_end - first));
    out.map.add_copy(content_start + static_cast<uint32_t>(first),
                     static_cast<uint32_t>(line_end - first));
    pos = line_end;
  }
  return out;
}

std::vector<ShellSource> extract_shell_sources(const syntax::Document& doc, TSNode instruction) {
  std::vector<ShellSource> out;
  bool onbuild = false;
  if (type_of(instruction) == syntax::node_type::kOnbuild) {
    instruction = ts_node_child_by_field_name(instruction, "instruction", 11);
    if (ts_node_is_null(instruction)) return out;
    onbuild = true;
  }
  const std::string keyword = keyword_of(instruction);
  if (keyword.empty()) return out;
  const TSNode command = ts_node_child_by_field_name(instruction, "command", 7);
  if (ts_node_is_null(command) || type_of(command) != kShellCommand) return out;

  ShellSource line;
  line.kind = SourceKind::kCommandLine;
  line.instruction = instruction;
  line.keyword = keyword;
  line.onbuild = onbuild;
  append_without_continuations(doc, command, line);

  const std::vector<syntax::Heredoc> heredocs =
      keyword == "RUN" ? syntax::heredocs_of(doc, instruction) : std::vector<syntax::Heredoc>{};
  if (heredocs.empty()) {
    out.push_back(std::move(line));
    return out;
  }

  // BuildKit: a command that is nothing but one heredoc runs the body itself.
  if (heredocs.size() == 1 && trim(line.text) == trim(doc.node_text(heredocs[0].marker))) {
    const syntax::Heredoc& h = heredocs[0];
    const HeredocParts parts = parts_of(doc, h);
    ShellSource script = heredoc_script(parts.content, parts.content_start, h.chomp);
    script.instruction = instruction;
    script.keyword = keyword;
    script.onbuild = onbuild;
    script.heredoc_index = 0;
    // BuildKit looks for "#!" in the body before chomping.
    if (parts.content.starts_with("#!")) {
      const std::size_t nl = parts.content.find('\n');
      script.interpreter = std::string(trim(
          parts.content.substr(2, nl == std::string_view::npos ? std::string_view::npos : nl - 2)));
      if (!is_shell_program(interpreter_program(script.interpreter))) return out;
    }
    out.push_back(std::move(script));
    return out;
  }

  move_leading_markers(command, line);
  // BuildKit: otherwise the command line gets each heredoc appended as
  // "\n" + body + terminator, and the shell reads them as its own heredocs.
  const uint32_t line_end = ts_node_end_byte(command);
  for (const syntax::Heredoc& h : heredocs) {
    const HeredocParts parts = parts_of(doc, h);
    line.text.push_back('\n');
    line.map.add_inserted(ts_node_is_null(h.body) ? line_end : ts_node_start_byte(h.body), 1);
    line.text.append(parts.content);
    line.map.add_copy(parts.content_start, static_cast<uint32_t>(parts.content.size()));
    line.text.append(h.name);
    const std::string_view end_text =
        ts_node_is_null(parts.end) ? std::string_view{} : doc.node_text(parts.end);
    if (!h.name.empty() && end_text.ends_with(h.name)) {
      line.map.add_copy(ts_node_end_byte(parts.end) - static_cast<uint32_t>(h.name.size()),
                        static_cast<uint32_t>(h.name.size()));
    } else {
      line.map.add_inserted(ts_node_is_null(parts.end)
                                ? parts.content_start + static_cast<uint32_t>(parts.content.size())
                                : ts_node_start_byte(parts.end),
                            static_cast<uint32_t>(h.name.size()));
    }
  }
  out.push_back(std::move(line));
  return out;
}

std::vector<ShellSource> extract_shell_sources(const syntax::Document& doc) {
  std::vector<ShellSource> out;
  for (const TSNode instruction : doc.instructions()) {
    for (ShellSource& s : extract_shell_sources(doc, instruction)) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace whalesafe::shell
