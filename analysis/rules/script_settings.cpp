#include "rules/script_settings.h"

#include <optional>
#include <string_view>

#include "shell/command_queries.h"
#include "syntax/ascii.h"

namespace whalesafe::rules {
namespace {

using shell::ByteRange;

// The parts of a sed script (as written, quotes included) that are written out: the
// replacement of each `s` command and the text of `a`, `i` and `c` commands. Offsets are
// relative to `script`.
std::vector<ByteRange> sed_output_parts(std::string_view script) {
  std::vector<ByteRange> parts;
  std::size_t p = 0;
  const auto at_end = [&] { return p >= script.size(); };
  while (!at_end()) {
    const char c = script[p];
    if (c == '\'' || c == '"' || c == ' ' || c == '\t' || c == ';' || c == '\n') {
      ++p;
      continue;
    }
    if (c == '/' || c == '\\') {  // an address /re/ (or \%re%)
      const char delim = c == '\\' && p + 1 < script.size() ? script[++p] : '/';
      for (++p; !at_end() && script[p] != delim; ++p) {
        if (script[p] == '\\') ++p;
      }
      ++p;
      continue;
    }
    if (c == 's' && p + 1 < script.size()) {
      const char delim = script[p + 1];
      std::size_t q = p + 2;
      for (int field = 0; field < 2 && q <= script.size(); ++field) {
        const std::size_t start = q;
        while (q < script.size() && script[q] != delim) q += script[q] == '\\' ? 2 : 1;
        if (field == 1) {
          parts.push_back(
              {static_cast<uint32_t>(start), static_cast<uint32_t>(std::min(q, script.size()))});
        }
        ++q;
      }
      p = q;
      while (!at_end() && script[p] != ';' && script[p] != '\n') ++p;
      continue;
    }
    if (c == 'a' || c == 'i' || c == 'c') {
      std::size_t end = p + 1;
      while (end < script.size() && script[end] != '\n') ++end;
      parts.push_back({static_cast<uint32_t>(p + 1), static_cast<uint32_t>(end)});
      p = end;
      continue;
    }
    ++p;  // addresses (numbers, $, ranges) and commands without text
  }
  return parts;
}

// The ranges of a command's words worth searching, in shell-text offsets.
struct Piece {
  ByteRange range;
  std::optional<std::size_t> word;  // index into the command's words (name first)
};

std::vector<Piece> pieces_of(const shell::Command& command,
                             const std::vector<const shell::Word*>& words) {
  std::vector<Piece> pieces;
  const std::optional<shell::EffectiveCommand> effective = shell::effective_command(command);
  const std::string_view program =
      effective ? shell::program_name(effective->program()) : std::string_view();
  if (program == "sed") {
    // The script is the value of each -e/--expression, else the first operand.
    bool script_seen = false;
    for (std::size_t i = 1; i < words.size(); ++i) {
      const shell::Word& w = *words[i];
      const std::string& t = w.text();
      const bool expression_flag = t == "-e" || t == "--expression";
      if (expression_flag && i + 1 < words.size()) {
        script_seen = true;
        const shell::Word& script = *words[i + 1];
        for (const ByteRange& r : sed_output_parts(script.raw)) {
          pieces.push_back(
              {{script.range.start + r.start, script.range.start + r.end}, std::nullopt});
        }
        ++i;
        continue;
      }
      if (t.starts_with("--expression=")) {
        script_seen = true;
        for (const ByteRange& r : sed_output_parts(w.raw)) {
          pieces.push_back({{w.range.start + r.start, w.range.start + r.end}, std::nullopt});
        }
        continue;
      }
      if (!t.empty() && t[0] == '-') continue;
      if (!script_seen) {
        script_seen = true;
        for (const ByteRange& r : sed_output_parts(w.raw)) {
          pieces.push_back({{w.range.start + r.start, w.range.start + r.end}, std::nullopt});
        }
      }
    }
    return pieces;
  }
  // Programs that only search or test text write nothing: `grep -q gpgcheck=0 f`.
  if (program == "grep" || program == "egrep" || program == "fgrep" || program == "rg" ||
      program == "test" || program == "[" || program == "[[") {
    return pieces;
  }
  for (std::size_t i = 0; i < words.size(); ++i) pieces.push_back({words[i]->range, i});
  // Heredoc data: bodies read by a program, not by a shell (whose body is a script of its own).
  if (!effective || !shell::is_shell_program(program)) {
    for (const shell::Redirect& r : command.redirects) {
      if (r.heredoc && !r.heredoc_body.empty()) pieces.push_back({r.heredoc_body, std::nullopt});
    }
  }
  return pieces;
}

std::vector<const shell::Word*> words_of(const shell::Command& command) {
  std::vector<const shell::Word*> words;
  if (command.name) words.push_back(&*command.name);
  for (const shell::Word& w : command.args) words.push_back(&w);
  return words;
}

}  // namespace

std::vector<ByteRange> data_ranges(const shell::Command& command) {
  std::vector<ByteRange> out;
  for (const Piece& p : pieces_of(command, words_of(command))) out.push_back(p.range);
  return out;
}

namespace {

// A setting found in a shell text, in its offsets.
struct FoundSetting {
  std::size_t spec = 0;
  std::size_t command = 0;
  ByteRange range;
};

std::vector<FoundSetting> find_script_settings(std::string_view text, const shell::Script& script,
                                               const std::vector<SettingSpec>& specs) {
  std::vector<FoundSetting> out;
  // Most scripts mention none of the keys: then only `key_at_end` can match (a key that
  // quotes split in the text, `http.ssl"Verify"`, is whole in the word's value).
  const std::string lower_text = syntax::ascii_lower(text);
  const bool mentions_keys = mentions_any_key(lower_text, specs);
  for (std::size_t c = 0; c < script.commands.size(); ++c) {
    const shell::Command& command = script.commands[c];
    const std::vector<const shell::Word*> words = words_of(command);
    for (const Piece& piece : pieces_of(command, words)) {
      if (piece.range.end > text.size() || piece.range.empty()) continue;
      if (mentions_keys) {
        const std::string_view piece_text = text.substr(piece.range.start, piece.range.size());
        const std::string_view lower_piece =
            std::string_view(lower_text).substr(piece.range.start, piece.range.size());
        for (const SettingMatch& m : find_settings(piece_text, lower_piece, specs)) {
          out.push_back({m.spec, c, {piece.range.start + m.start, piece.range.start + m.end}});
        }
      }
      // `git config http.sslVerify false`: the value is the next word.
      if (!piece.word || *piece.word + 1 >= words.size()) continue;
      const shell::Word& word = *words[*piece.word];
      const shell::Word& next = *words[*piece.word + 1];
      uint32_t key_start = 0;
      if (!word.is_static() || !next.is_static()) continue;
      const std::optional<std::size_t> spec = key_at_end(*word.value, specs, key_start);
      if (spec && value_matches(specs[*spec], *next.value)) {
        out.push_back({*spec, c, {word.range.start, next.range.end}});
      }
    }
  }
  return out;
}

}  // namespace

std::vector<ScriptSetting> script_settings(const shell::AnalyzedShell& shell,
                                           const std::vector<SettingSpec>& specs) {
  // Found once per shell text (the parse is shared across analyses), placed per analysis.
  const std::vector<FoundSetting>& found = shell.parsed->derived<std::vector<FoundSetting>>(
      &specs,
      [&] { return find_script_settings(shell.parsed->text(), shell.parsed->script(), specs); });
  std::vector<ScriptSetting> out;
  const std::string_view text = shell.source.text;
  for (const FoundSetting& f : found) {
    out.push_back({f.spec, f.command, shell.source.map.to_document(f.range),
                   std::string(text.substr(f.range.start, f.range.size()))});
  }
  return out;
}

}  // namespace whalesafe::rules
