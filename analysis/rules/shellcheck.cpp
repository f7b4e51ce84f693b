// shellcheck: RUN bodies checked by the ShellCheck program, when it is installed, with its
// findings mapped back to the Dockerfile through the shell source maps.
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_set>

#include "rules/node_util.h"
#include "rules/posix_shell.h"
#include "rules/rule_context.h"
#include "rules/shellcheck_runner.h"

namespace whalesafe::rules {
namespace {

namespace sc = shellcheck;

// One script to check: a RUN's shell text, with `export NAME=1` lines for the ARG/ENV
// variables in scope (as hadolint does, so ShellCheck does not call them unassigned).
struct Job {
  const shell::AnalyzedShell* shell = nullptr;
  std::string script;
  uint32_t first_line_kept = 0;  // 1 when a `#!` line stays first (prelude after it), else 0
  uint32_t prelude_lines = 0;
};

bool is_identifier_char(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_identifier(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), is_identifier_char);
}

// The model's entry for the top-level instruction holding `node` (RUN under ONBUILD too).
const model::InstructionInfo* info_of(const model::Model& model, TSNode node) {
  const uint32_t at = ts_node_start_byte(node);
  const auto it = std::upper_bound(model.instructions.begin(), model.instructions.end(), at,
                                   [](uint32_t byte, const model::InstructionInfo& i) {
                                     return byte < ts_node_start_byte(i.node);
                                   });
  if (it == model.instructions.begin()) return nullptr;
  const model::InstructionInfo& info = *std::prev(it);
  return at < ts_node_end_byte(info.node) ? &info : nullptr;
}

// The dialect the shell text runs in: a heredoc script's `#!` interpreter, else the stage's
// SHELL (sh by default); nullopt for shells ShellCheck does not know (PowerShell, cmd...).
std::optional<sc::Dialect> dialect_of(const shell::AnalyzedShell& s,
                                      const model::InstructionInfo* info) {
  if (s.source.kind == shell::SourceKind::kHeredocScript && !s.source.interpreter.empty()) {
    return sc::dialect_of_program(shell::interpreter_program(s.source.interpreter));
  }
  if (info == nullptr || info->shell.argv.empty()) return sc::Dialect::kSh;
  return sc::dialect_of_program(info->shell.argv.front());
}

// Calls `visit` with every whole word of identifier characters in `text`: a superset of the
// script's references to variables ($NAME, ${NAME:-x}, ${#NAME}, "export NAME" ...), found
// without parsing.
template <typename Visit>
void for_each_identifier(std::string_view text, Visit&& visit) {
  std::size_t at = 0;
  while (at < text.size()) {
    if (!is_identifier_char(text[at])) {
      ++at;
      continue;
    }
    std::size_t end = at;
    while (end < text.size() && is_identifier_char(text[end])) ++end;
    visit(text.substr(at, end - at));
    at = end;
  }
}

// Every name a scope of `model` can hold: the platform ARGs and each ARG and ENV declared. Most
// words of a script (commands, options, paths) are none of these, and a hash lookup turns them
// away before a scope lookup walks its levels (that was a tenth of a re-analysis in the
// language server, docs/performance.md).
using NameSet = std::unordered_set<std::string_view>;
NameSet variable_names(const model::Model& model) {
  NameSet names;
  if (model.global_scope) {
    for (const auto& [name, variable] : model.global_scope->all()) names.insert(name);
  }
  for (const model::InstructionInfo& info : model.instructions) {
    for (const model::Declaration& d : info.declarations) names.insert(d.variable.name);
  }
  return names;
}

Job make_job(const shell::AnalyzedShell& s, const model::InstructionInfo* info,
             const NameSet& names) {
  Job job;
  job.shell = &s;
  std::string prelude;
  if (info != nullptr && info->scope) {
    // Only the variables the script mentions: a prelude of every variable in scope made each
    // script as long as the count of ENV/ARG above it (ShellCheck took minutes on a 3,000-line
    // file with hundreds of ENV) and changed every later script's cache key on any ENV edit.
    // The script's words looked up in the scope (not the scope searched for in the script,
    // which costs the scope's size for every RUN); in name order, as the scope lists them.
    std::set<std::string_view> mentioned;
    for_each_identifier(s.source.text, [&](std::string_view word) {
      if (!names.contains(word)) return;
      const model::Variable* found = info->scope->lookup(word);
      if (found != nullptr && is_identifier(found->name)) mentioned.insert(found->name);
    });
    for (const std::string_view name : mentioned) {
      prelude += fmt::format("export {}=1\n", name);
      ++job.prelude_lines;
    }
  }
  const std::string& text = s.source.text;
  if (text.starts_with("#!")) {
    const std::size_t eol = text.find('\n');
    const std::size_t split = eol == std::string::npos ? text.size() : eol + 1;
    job.script = text.substr(0, split);
    if (eol == std::string::npos) job.script += '\n';
    job.script += prelude;
    job.script += text.substr(split);
    job.first_line_kept = 1;
  } else {
    job.script = prelude + text;
  }
  return job;
}

// The byte offset in `text` of 1-based `line` (of the original text) and character `column`
// (1-based; past the end of the line: the line's end).
uint32_t offset_of(std::string_view text, uint32_t line, uint32_t column) {
  std::size_t pos = 0;
  for (uint32_t l = 1; l < line; ++l) {
    const std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) return static_cast<uint32_t>(text.size());
    pos = eol + 1;
  }
  for (uint32_t c = 1; c < column && pos < text.size() && text[pos] != '\n'; ++c) {
    ++pos;
    while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) ++pos;
  }
  return static_cast<uint32_t>(pos);
}

// The original text's line for a line of the checked script; nullopt inside the prelude.
std::optional<uint32_t> original_line(const Job& job, uint32_t line) {
  if (line <= job.first_line_kept) return line;
  if (line <= job.first_line_kept + job.prelude_lines) return std::nullopt;
  return line - job.prelude_lines;
}

Severity severity_of(std::string_view level) {
  if (level == "error") return Severity::kError;
  if (level == "warning") return Severity::kWarning;
  if (level == "info") return Severity::kInfo;
  return Severity::kStyle;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  if (!ctx.settings().shellcheck || !sc::program()) return;
  std::vector<Job> jobs[4];      // by dialect
  std::optional<NameSet> names;  // made on the first RUN
  for (const shell::AnalyzedShell& s : ctx.shells()) {
    if (s.source.keyword != "RUN") continue;
    const bool own_interpreter =
        s.source.kind == shell::SourceKind::kHeredocScript && !s.source.interpreter.empty();
    // cmd.exe on a Windows image without SHELL, PowerShell, ...: not for ShellCheck.
    if (!own_interpreter && !runs_in_posix_shell(ctx, s.source.instruction)) continue;
    const model::InstructionInfo* info = info_of(ctx.model(), s.source.instruction);
    const std::optional<sc::Dialect> dialect = dialect_of(s, info);
    if (!dialect) continue;
    if (!names) names = variable_names(ctx.model());
    jobs[static_cast<int>(*dialect)].push_back(make_job(s, info, *names));
  }
  std::set<std::tuple<uint32_t, uint32_t, int>> seen;
  for (int d = 0; d < 4; ++d) {
    if (jobs[d].empty()) continue;
    std::vector<std::string> scripts;
    for (const Job& job : jobs[d]) scripts.push_back(job.script);
    const auto dialect = static_cast<sc::Dialect>(d);
    std::vector<std::optional<std::vector<sc::Comment>>> results;
    if (sc::Deferral* deferral = sc::active_deferral()) {
      // Non-blocking: what the cache holds now; the rest goes to the caller, who runs the
      // program and analyses again.
      results = sc::cached_results(scripts, dialect);
      std::vector<std::string> missing;
      for (std::size_t i = 0; i < scripts.size(); ++i) {
        if (!results[i]) missing.push_back(std::move(scripts[i]));
      }
      if (!missing.empty()) {
        deferral->pending = true;
        deferral->missing(dialect, std::move(missing));
      }
    } else {
      auto checked = sc::check_scripts(scripts, dialect);
      if (!checked) continue;  // the program failed: say nothing rather than something wrong
      results.assign(std::make_move_iterator(checked->begin()),
                     std::make_move_iterator(checked->end()));
    }
    for (std::size_t i = 0; i < jobs[d].size(); ++i) {
      const Job& job = jobs[d][i];
      const std::string& text = job.shell->source.text;
      if (!results[i]) continue;
      for (const sc::Comment& c : *results[i]) {
        const std::optional<uint32_t> line = original_line(job, c.line);
        const std::optional<uint32_t> end_line = original_line(job, c.end_line);
        if (!line || !end_line) continue;
        const uint32_t start = offset_of(text, *line, c.column);
        const uint32_t end = std::max(start, offset_of(text, *end_line, c.end_column));
        const shell::MappedRange doc = job.shell->source.map.to_document({start, end});
        if (!seen.emplace(doc.covering.start, doc.covering.end, c.code).second) continue;
        std::string code = fmt::format("SC{}", c.code);
        const auto& ignored = ctx.settings().ignored_codes;
        if (std::any_of(ignored.begin(), ignored.end(),
                        [&](const std::string& name) { return iequals(name, code); })) {
          continue;
        }
        std::string message = fmt::format("{}: {}", code, c.message);
        reporter.report_external(doc.covering.start, doc.covering.end, std::move(message),
                                 std::move(code), severity_of(c.level));
      }
    }
  }
}

}  // namespace

const Rule& rule_shellcheck() {
  static const Rule rule{
      {.slug = "shellcheck",
       .summary = "ShellCheck's findings in RUN commands",
       .severity = Severity::kWarning,
       .doc = {.what =
                   "Runs [ShellCheck](https://www.shellcheck.net) on the shell of every `RUN` "
                   "(shell form and heredoc scripts) when a `shellcheck` program is on `PATH`, "
                   "and reports its findings at their place in the Dockerfile, each with its "
                   "`SCxxxx` code first in the message and ShellCheck's severity (unless the "
                   "configuration gives this rule one). The dialect is the stage's `SHELL` "
                   "(`sh` by default; `bash`, `dash`, `ksh` too), or a heredoc's `#!` line; "
                   "`RUN`s under another `SHELL` (PowerShell, `cmd`, `zsh`) are not checked. "
                   "ARG and ENV variables in scope count as assigned. SC1090, SC1091 (sourced "
                   "files, which are in the image) and SC2187 are left out. Without the program "
                   "the rule reports nothing. Suppress one code with `# hadolint ignore=SC2086` "
                   "or `# whalesafe ignore=SC2086`, drop it everywhere with `--ignore SC2086` "
                   "(or `rules: {SC2086: off}`, hadolint's `ignored: [SC2086]`), or turn the "
                   "rule off with `shellcheck: false` in `.whalesafe.yaml`. In the language server "
                   "the program never holds up diagnostics: its findings for a `RUN` text not "
                   "checked before arrive in a second publication for the same version, once "
                   "the document has had no change for 250 ms.",
               .why = "`RUN` commands are shell scripts that nobody runs through a linter: an "
                      "unquoted variable, a `cd` that fails silently or a bashism under "
                      "`/bin/sh` breaks the build, or worse, builds something else than meant.",
               .example = "FROM debian:bookworm\nRUN [[ -f /etc/debian_version ]] && echo debian\n",
               .instead = "FROM debian:bookworm\nRUN [ -f /etc/debian_version ] && echo debian\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
