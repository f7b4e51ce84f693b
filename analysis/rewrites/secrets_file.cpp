#include "rewrites/secrets_file.h"

#include <fmt/format.h>

#include <algorithm>

#include "rewrites/secrets_mount.h"
#include "rewrites/user_lines.h"
#include "rules/node_util.h"
#include "shell/command_queries.h"

namespace whalesafe::rewrites {
namespace {

RewriteOutcome none(std::string why) { return {std::nullopt, std::move(why)}; }

struct FileKind {
  std::string_view name;  // ".npmrc"
  // Programs that read it (by base name).
  std::vector<std::string_view> readers;
};

const FileKind* file_kind(std::string_view base) {
  static const FileKind kKinds[] = {
      {".npmrc", {"npm", "npx", "yarn", "pnpm", "corepack", "bun"}},
      {".pypirc", {"twine", "python", "python3", "flit", "hatch", "poetry"}},
      {".netrc",
       {"curl", "wget", "git", "pip", "pip3", "python", "python3", "go", "poetry", "uv", "ftp",
        "lftp"}},
  };
  for (const FileKind& k : kKinds) {
    if (k.name == base) return &k;
  }
  return nullptr;
}

std::string_view base_name(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// `dir` + `/` + `name`, with `./` and duplicate slashes dropped.
std::string join(std::string_view dir, std::string_view name) {
  while (name.starts_with("./")) name.remove_prefix(2);
  if (name == ".") name = "";
  std::string out(dir);
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  if (!name.empty()) {
    if (out != "/") out += '/';
    out += name;
  }
  return out;
}

bool blank(char c) { return c == ' ' || c == '\t'; }

// Moves `p` back over blanks and line continuations (escape + line ending).
uint32_t back_over_space(std::string_view text, uint32_t p, char escape) {
  for (;;) {
    while (p > 0 && blank(text[p - 1])) --p;
    if (p >= 2 && text[p - 1] == '\n' && text[p - 2] == escape) {
      p -= 2;
    } else if (p >= 3 && text[p - 1] == '\n' && text[p - 2] == '\r' && text[p - 3] == escape) {
      p -= 3;
    } else {
      return p;
    }
  }
}

uint32_t forward_over_space(std::string_view text, uint32_t p, char escape) {
  for (;;) {
    while (p < text.size() && blank(text[p])) ++p;
    if (p + 1 < text.size() && text[p] == escape && text[p + 1] == '\n') {
      p += 2;
    } else if (p + 2 < text.size() && text[p] == escape && text[p + 1] == '\r' &&
               text[p + 2] == '\n') {
      p += 3;
    } else {
      return p;
    }
  }
}

// Whether an rm operand names the mounted file.
bool names_target(std::string_view operand, const std::string& target,
                  const model::InstructionInfo& run) {
  if (operand.starts_with("/")) return join("/", operand.substr(1)) == target;
  return run.workdir.path && join(*run.workdir.path, operand) == target;
}

// The edit that takes `rm <file>` out of a RUN: the command and the `&&`/`;` joining it to its
// neighbour. nullopt when it cannot be cut out cleanly (inside a condition, a pipeline, ...).
std::optional<findings::TextEdit> cut_command(std::string_view text, const shell::Command& c,
                                              char escape) {
  if (c.conditional || c.in_subshell || c.in_substitution || c.in_function || c.background ||
      c.pipeline >= 0 || c.doc.pieces.empty()) {
    return std::nullopt;
  }
  const uint32_t start = c.doc.covering.start;
  const uint32_t end = c.doc.covering.end;
  if (c.connector == shell::Connector::kAnd || c.connector == shell::Connector::kSequence) {
    uint32_t p = back_over_space(text, start, escape);
    if (p >= 2 && text.substr(p - 2, 2) == "&&") {
      p -= 2;
    } else if (p >= 1 && text[p - 1] == ';') {
      p -= 1;
    } else {
      return std::nullopt;
    }
    while (p > 0 && blank(text[p - 1])) --p;
    return findings::TextEdit{p, end, ""};
  }
  if (c.connector != shell::Connector::kNone) return std::nullopt;
  uint32_t q = forward_over_space(text, end, escape);
  if (text.substr(q, 2) == "&&") {
    q += 2;
  } else if (q < text.size() && text[q] == ';') {
    q += 1;
  } else {
    return std::nullopt;
  }
  return findings::TextEdit{start, forward_over_space(text, q, escape), ""};
}

struct RunPlan {
  const model::InstructionInfo* run = nullptr;
  std::vector<findings::TextEdit> cuts;  // `rm <file>` taken out
  bool only_rm = false;                  // the RUN does nothing else: it goes
};

}  // namespace

RewriteOutcome plan_move_secret_file(const rules::RuleContext& ctx,
                                     const model::InstructionInfo& info, uint32_t offset) {
  const model::Model& m = ctx.model();
  const std::string_view text = ctx.document().text();
  if (rules::find_flag(ctx.document(), info.node, "from")) {
    return none("the file is copied from another stage or image, not from the build context");
  }
  const std::vector<rules::PathOperand> operands = rules::path_operands(ctx.document(), info.node);
  if (operands.size() < 2) return none("this instruction copies no file");
  std::optional<std::size_t> source;
  for (std::size_t k = 0; k + 1 < operands.size(); ++k) {
    if (!file_kind(base_name(rules::strip_quotes(operands[k].text)))) continue;
    const TSNode n = operands[k].node;
    if (ts_node_start_byte(n) <= offset && offset < ts_node_end_byte(n)) source = k;
    if (!source) source = k;
  }
  if (!source) {
    return none(
        "only a copied .npmrc, .pypirc or .netrc is moved to a secret mount; other "
        "credential files need another way in (a secret mount of their own, or run-time "
        "configuration)");
  }
  const rules::PathOperand& file = operands[*source];
  const std::string_view path = rules::strip_quotes(file.text);
  const FileKind& kind = *file_kind(base_name(path));
  // Where the file landed (`$APP/` read as BuildKit expands it).
  const std::optional<std::string> dest_value = expanded_word(info, operands.back().node);
  if (rules::uses_variable(file) || !dest_value) {
    return none("the COPY uses variables that are not set in the Dockerfile");
  }
  const std::string_view dest = *dest_value;
  const std::size_t sources = operands.size() - 1;
  std::string target;
  const bool dest_is_dir = dest.ends_with("/") || sources > 1 || dest == "." || dest == "..";
  if (dest_is_dir) {
    target = join(dest, kind.name);
  } else if (base_name(dest) == kind.name) {
    target = std::string(dest);
  } else if (info.workdir.path && (rules::is_absolute_path(dest)
                                       ? join("/", dest.substr(1)) == join(*info.workdir.path, "")
                                       : false)) {
    target = join(dest, kind.name);
  } else {
    return none(
        fmt::format("whether '{}' is a directory cannot be told from the Dockerfile", dest));
  }
  if (!rules::is_absolute_path(target)) {
    if (!info.workdir.path) {
      return none(
          "the destination is relative to the base image's working directory, which is "
          "unknown");
    }
    target = join(*info.workdir.path, target);
  } else {
    target = join("/", std::string_view(target).substr(1));
  }

  // The RUNs of the same stage after the COPY that read the file, or name it.
  const auto first = static_cast<std::size_t>(&info - m.instructions.data());
  std::vector<RunPlan> plans;
  for (std::size_t i = first + 1; i < m.instructions.size(); ++i) {
    const model::InstructionInfo& run = m.instructions[i];
    if (run.stage != info.stage) break;
    if (run.keyword != "run") continue;
    const std::string_view run_text = ctx.text(run.node);
    RunPlan plan{&run, {}, false};
    bool reads = run_text.find(std::string(kind.name)) != std::string_view::npos;
    std::size_t commands = 0;
    std::size_t removed = 0;
    for (const shell::AnalyzedShell& sh : ctx.shells()) {
      if (!ts_node_eq(sh.source.instruction, run.node) || sh.source.onbuild) continue;
      for (const shell::Command& c : sh.script.commands) {
        const std::optional<shell::EffectiveCommand> cmd = shell::effective_command(c);
        if (!cmd) continue;
        ++commands;
        const std::string_view program = shell::program_name(cmd->program());
        if (std::find(kind.readers.begin(), kind.readers.end(), program) != kind.readers.end()) {
          reads = true;
        }
        if (program != "rm") continue;
        std::size_t named = 0;
        std::size_t operands_seen = 0;
        for (std::size_t w = 1; w < cmd->size(); ++w) {
          const shell::Word& word = *cmd->words[w];
          if (word.text().starts_with("-")) continue;
          ++operands_seen;
          named += word.is_static() && names_target(word.text(), target, run);
        }
        if (named == 0) continue;
        if (named != operands_seen) {
          return none(fmt::format("{} removes {} together with other files",
                                  rules::instruction_name(run.node), kind.name));
        }
        const std::optional<findings::TextEdit> cut = cut_command(text, c, ctx.directives().escape);
        if (!cut && !(c.connector == shell::Connector::kNone && sh.script.commands.size() == 1)) {
          return none(fmt::format("the rm of {} on line {} cannot be taken out of its RUN",
                                  kind.name, ctx.document().line_col(c.doc.covering.start).line));
        }
        if (cut) plan.cuts.push_back(*cut);
        ++removed;
      }
    }
    if (!reads) continue;
    plan.only_rm = commands > 0 && removed == commands;
    plans.push_back(std::move(plan));
  }
  const bool any_use =
      std::any_of(plans.begin(), plans.end(), [](const RunPlan& p) { return !p.only_rm; });
  if (!any_use) {
    std::string readers;
    for (std::size_t k = 0; k < kind.readers.size(); ++k) {
      readers += (k ? ", " : "") + std::string(kind.readers[k]);
    }
    return none(fmt::format("no RUN after the COPY uses {} ({}); it may be needed at run time",
                            kind.name, readers));
  }

  std::vector<findings::TextEdit> edits;
  // The COPY loses the file (or goes, when the file was all it copied).
  if (sources == 1) {
    edits.push_back(delete_lines(text, ts_node_start_byte(info.node), ts_node_end_byte(info.node)));
  } else {
    edits.push_back(
        {ts_node_start_byte(file.node), ts_node_start_byte(operands[*source + 1].node), ""});
  }
  const std::string id = secret_id(kind.name);
  std::size_t mounted = 0;
  for (const RunPlan& plan : plans) {
    if (plan.only_rm) {
      edits.push_back(
          delete_lines(text, ts_node_start_byte(plan.run->node), ts_node_end_byte(plan.run->node)));
      continue;
    }
    SecretMount mount{id, target, "", runs_as_non_root(*plan.run)};
    for (findings::TextEdit& e : add_mount(ctx, plan.run->node, mount, "")) edits.push_back(e);
    for (const findings::TextEdit& e : plan.cuts) edits.push_back(e);
    ++mounted;
  }
  if (auto directive = add_syntax_directive(text, ctx.directives())) {
    edits.push_back(std::move(*directive));
  }
  std::string description = fmt::format(
      "Mount {} as the build secret '{}' at {} in the {} RUN{} that use{} it instead of copying "
      "it into the image: build with `docker build --secret id={},src={}` and keep {} out of the "
      "build context (.dockerignore); the credentials it holds are in every image built before: "
      "rotate them",
      kind.name, id, target, mounted, mounted == 1 ? "" : "s", mounted == 1 ? "s" : "", id, path,
      kind.name);
  return {findings::Fix{std::move(description), findings::Applicability::kUnsafe,
                        merge_insertions(std::move(edits))},
          ""};
}

}  // namespace whalesafe::rewrites
