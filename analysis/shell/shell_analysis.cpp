#include "shell/shell_analysis.h"

#include <algorithm>

#include "shell/command_queries.h"
#include "syntax/heredocs.h"
#include "syntax/tree_util.h"

namespace whalesafe::shell {
namespace {

void map_word(Word& w, const SourceMap& map) { w.doc = map.to_document(w.range); }

void map_redirect(Redirect& r, const SourceMap& map) {
  r.doc = map.to_document(r.range);
  if (r.target) map_word(*r.target, map);
}

AnalyzedShell analyze(ShellSource source, ParseCache& cache) {
  AnalyzedShell out;
  out.parsed = cache.parse(source.text);
  out.script = out.parsed->script();
  map_script(out.script, source.map);
  out.source = std::move(source);
  return out;
}

// True when `command` runs a shell that reads its script from stdin: a shell program
// without `-c` and without a script file operand.
bool reads_script_from_stdin(const Command& command) {
  const std::optional<EffectiveCommand> cmd = effective_command(command);
  if (!cmd || !is_shell_program(program_name(cmd->program()))) return false;
  for (std::size_t i = 1; i < cmd->size(); ++i) {
    const std::string& w = cmd->words[i]->text();
    if (w == "-s" || w == "--") return true;
    if (w.starts_with('-') || w.starts_with('+')) {
      if (w.find('c') != std::string::npos && !w.starts_with("--")) return false;
      continue;
    }
    return false;  // a script file operand
  }
  return true;
}

TSNode content_node(TSNode heredoc) {
  const uint32_t n = ts_node_child_count(heredoc);
  for (uint32_t i = 0; i < n; ++i) {
    const TSNode child = ts_node_child(heredoc, i);
    if (syntax::type_of(child) == syntax::node_type::kHeredocContent) return child;
  }
  return TSNode{};
}

}  // namespace

void map_script(Script& script, const SourceMap& map) {
  for (Command& c : script.commands) {
    c.doc = map.to_document(c.range);
    if (c.name) map_word(*c.name, map);
    for (Word& w : c.args) map_word(w, map);
    for (Assignment& a : c.assignments) {
      a.doc = map.to_document(a.range);
      if (a.value) map_word(*a.value, map);
    }
    for (Redirect& r : c.redirects) map_redirect(r, map);
  }
}

std::vector<AnalyzedShell> analyze_instruction(const syntax::Document& doc, TSNode instruction,
                                               ParseCache& cache) {
  std::vector<AnalyzedShell> out;
  for (ShellSource& source : extract_shell_sources(doc, instruction)) {
    out.push_back(analyze(std::move(source), cache));
  }
  if (out.size() != 1 || out[0].source.kind != SourceKind::kCommandLine) return out;

  // Heredoc bodies a shell reads on stdin are scripts too.
  const AnalyzedShell& line = out[0];
  std::vector<syntax::Heredoc> heredocs;
  for (const Command& c : line.script.commands) {
    if (!reads_script_from_stdin(c)) continue;
    for (const Redirect& r : c.redirects) {
      if (!r.heredoc || r.heredoc_body.empty() || r.descriptor.value_or(0) != 0) continue;
      if (heredocs.empty()) heredocs = syntax::heredocs_of(doc, line.source.instruction);
      const uint32_t at = line.source.map.to_document(r.heredoc_body.start);
      for (std::size_t i = 0; i < heredocs.size(); ++i) {
        const syntax::Heredoc& h = heredocs[i];
        if (ts_node_is_null(h.body)) continue;
        const TSNode content = content_node(h.body);
        if (ts_node_is_null(content) || at < ts_node_start_byte(content) ||
            at >= ts_node_end_byte(content)) {
          continue;
        }
        ShellSource script =
            heredoc_script(doc.node_text(content), ts_node_start_byte(content), h.chomp);
        script.instruction = line.source.instruction;
        script.keyword = line.source.keyword;
        script.onbuild = line.source.onbuild;
        script.heredoc_index = i;
        script.interpreter = std::string(program_name(effective_command(c)->program()));
        out.push_back(analyze(std::move(script), cache));
      }
    }
  }
  return out;
}

std::vector<AnalyzedShell> analyze_document(const syntax::Document& doc, ParseCache& cache) {
  std::vector<AnalyzedShell> out;
  const std::vector<TSNode>& instructions = doc.instructions();
  // This version's texts and the previous version's (a re-analysis after an edit), with
  // room for heredoc scripts.
  cache.reserve(4 * instructions.size());
  for (const TSNode instruction : instructions) {
    for (AnalyzedShell& s : analyze_instruction(doc, instruction, cache)) {
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace whalesafe::shell
