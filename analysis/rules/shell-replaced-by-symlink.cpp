// shell-replaced-by-symlink: `ln -sf /bin/bash /bin/sh` in RUN, which swaps the system shell of
// the image instead of choosing the build's shell with SHELL.
#include <fmt/format.h>

#include <optional>

#include "rules/run_commands.h"

namespace whalesafe::rules {
namespace {

bool is_system_shell_path(std::string_view path) {
  while (path.size() > 1 && path.ends_with('/')) path.remove_suffix(1);
  return path == "/bin/sh" || path == "/usr/bin/sh";
}

std::string_view base_name(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

struct Replacement {
  const shell::Word* source = nullptr;  // what /bin/sh will point to
  const shell::Word* link = nullptr;    // the word naming /bin/sh
};

// Reads ln's operands as GNU and busybox ln do: `ln [opts] TARGET LINK`. The other forms
// (`ln TARGET... DIR`, `ln -t DIR TARGET...`) name each link after its target, so they reach
// /bin/sh only for a target itself called `sh`: not a swap of shells, and not matched. Dynamic
// words (`$SHELL_PATH`) never match.
std::optional<Replacement> replaces_system_shell(const RunCommand& rc) {
  std::vector<const shell::Word*> operands;
  bool options_done = false;
  const std::vector<const shell::Word*> args = rc.arguments();
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i]->text();
    if (options_done || a.size() < 2 || a[0] != '-') {
      operands.push_back(args[i]);
    } else if (a == "--") {
      options_done = true;
    } else if (a == "-t" || a.starts_with("--target-directory") ||
               (a[1] != '-' && a.find('t') != std::string::npos)) {
      return std::nullopt;
    } else if (a == "--suffix" || a == "-S") {
      ++i;  // its value
    }
  }
  if (operands.size() != 2 || !operands[0]->is_static() || !operands[1]->is_static() ||
      !is_system_shell_path(operands[1]->text())) {
    return std::nullopt;
  }
  return Replacement{operands[0], operands[1]};
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const RunCommand& rc : run_commands(ctx)) {
    if (rc.program != "ln") continue;
    const std::optional<Replacement> r = replaces_system_shell(rc);
    if (!r) continue;
    const std::string_view shell_name = base_name(r->source->text());
    reporter.report(
        rc.program_word().doc.covering.start, r->link->doc.covering.end,
        fmt::format("ln replaces {} with {} for every later step and for the "
                    "running container; use SHELL [\"{}\", \"-c\"] to choose the "
                    "shell of RUN",
                    r->link->text(), shell_name,
                    r->source->text().starts_with('/') ? r->source->text()
                                                       : fmt::format("/bin/{}", shell_name)));
  }
}

}  // namespace

const Rule& rule_shell_replaced_by_symlink() {
  static const Rule rule{
      {.slug = "shell-replaced-by-symlink",
       .summary = "Use SHELL instead of replacing /bin/sh with a link",
       .severity = Severity::kWarning,
       .aliases = {"DL4005"},
       .doc =
           {
               .what = "Reports `ln` in RUN (also with `-f`, `-n`, `-T`, hard links, behind "
                       "`sudo`) whose link is `/bin/sh` or `/usr/bin/sh`, as in `ln -sf "
                       "/bin/bash /bin/sh`. Links elsewhere, links *to* `/bin/sh` (`ln -s "
                       "/bin/sh /usr/local/bin/sh`) and paths built from variables are not "
                       "reported. There is no automatic fix: `SHELL` changes only the shell that "
                       "runs `RUN`, `CMD` and `ENTRYPOINT` in shell form, while the link also "
                       "changes what `#!/bin/sh` scripts and programs calling `sh` get in the "
                       "running container; images often relink precisely because such a script "
                       "needs bash, so dropping the link could break them at run time.",
               .why = "Relinking `/bin/sh` changes the shell of the whole image, not just of "
                      "the build: every later `RUN`, every `#!/bin/sh` script, `sh -c` in "
                      "entrypoints and the images built `FROM` this one now run another shell, "
                      "and a package upgrade of the real `/bin/sh` can silently undo it. The "
                      "`SHELL` instruction says which shell runs the shell form of `RUN`, "
                      "`CMD` and `ENTRYPOINT`, in the open, and leaves the system alone.",
               .example = "FROM debian:bookworm-slim\nRUN ln -sf /bin/bash /bin/sh\n"
                          "RUN source /etc/profile && echo ${PIPESTATUS[0]}\n",
               .instead = "FROM debian:bookworm-slim\nSHELL [\"/bin/bash\", \"-c\"]\n"
                          "RUN source /etc/profile && echo ${PIPESTATUS[0]}\n",
           }},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
