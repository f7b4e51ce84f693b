// pointless-command: programs that do nothing useful in an image build (editors, process and
// system tools, ssh), run by RUN.
#include <fmt/format.h>

#include <array>

#include "model/mount_options.h"
#include "rules/node_util.h"
#include "rules/run_commands.h"

namespace whalesafe::rules {
namespace {

struct Pointless {
  std::string_view program;
  std::string_view reason;
};

// hadolint DL3001's list (ssh, vim, shutdown, service, ps, free, top, kill, mount; ifconfig in
// its message), plus the other editors and the other ways to stop a machine.
constexpr std::string_view kEditor =
    "is an interactive editor, and a build has no terminal to edit in; change files with "
    "sed, a heredoc, or COPY";
constexpr std::string_view kPower =
    "stops a machine; a build container has no init to stop, and the step fails or does "
    "nothing";
constexpr std::string_view kInspect =
    "shows the state of the build container, which is gone when the step ends; it says "
    "nothing about the image";
constexpr std::array<Pointless, 16> kPointless{{
    {"ssh",
     "logs into another machine during the build, which needs network access and keys the "
     "image should not hold; fetch sources with RUN --mount=type=ssh and git, or COPY them"},
    {"vim", kEditor},
    {"vi", kEditor},
    {"nano", kEditor},
    {"emacs", kEditor},
    {"shutdown", kPower},
    {"reboot", kPower},
    {"halt", kPower},
    {"poweroff", kPower},
    {"service",
     "starts or stops a service in the build container; nothing keeps running into the "
     "image, so start services from ENTRYPOINT or CMD"},
    {"ps", kInspect},
    {"top", kInspect},
    {"free", kInspect},
    {"kill", "signals a process of the build container; no process outlives its RUN step"},
    {"mount",
     "mounts a filesystem, which a build step is not allowed to do and which would not reach "
     "the image; use RUN --mount"},
    {"ifconfig",
     "inspects or configures the build container's network, not the network the image "
     "will run in"},
}};

const Pointless* find_pointless(std::string_view program) {
  for (const Pointless& p : kPointless) {
    if (p.program == program) return &p;
  }
  return nullptr;
}

// Whether the RUN holding `instruction` forwards an SSH agent (`--mount=type=ssh`): ssh is then
// used on purpose, with the feature BuildKit provides for it.
bool mounts_ssh_agent(const RuleContext& ctx, TSNode instruction) {
  for (TSNode flag : syntax::flags(ctx.document(), instruction)) {
    if (ctx.text(field(flag, "name")) != "mount") continue;
    for (const model::MountOption& o :
         model::parse_mount_options(strip_quotes(ctx.text(field(flag, "value"))))) {
      if (o.key == "type" && iequals(o.value, "ssh")) return true;
    }
  }
  return false;
}

bool is_service_start(const RunCommand& rc) {
  for (const shell::Word* w : rc.arguments()) {
    const std::string& a = w->text();
    if (a == "start" || a == "restart" || a == "reload" || a == "force-reload") return true;
  }
  return false;
}

// Some uses serve the rest of their step: a service started for the commands after it in the
// same script (`service mysql start && mysql < schema.sql`), and a service stopped or a process
// killed after the same script started one (`service x start`, or a job sent to the background
// with `&`).
bool serves_its_step(const RunCommand& rc, const std::vector<RunCommand>& all) {
  if (rc.program != "service" && rc.program != "kill") return false;
  const shell::Script& script = rc.shell->script;
  const auto index = static_cast<std::size_t>(rc.command - script.commands.data());
  if (rc.program == "service" && is_service_start(rc)) {
    return index + 1 < script.commands.size();
  }
  for (std::size_t i = 0; i < index; ++i) {
    if (script.commands[i].background) return true;
  }
  for (const RunCommand& other : all) {
    if (other.shell == rc.shell && other.command < rc.command && other.program == "service" &&
        is_service_start(other)) {
      return true;
    }
  }
  return false;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  const std::vector<RunCommand>& all = run_commands(ctx);
  for (const RunCommand& rc : all) {
    const Pointless* p = find_pointless(rc.program);
    if (p == nullptr || serves_its_step(rc, all)) continue;
    if (rc.program == "ssh" && mounts_ssh_agent(ctx, rc.shell->source.instruction)) continue;
    const shell::MappedRange& at = rc.program_word().doc;
    reporter.report(at.covering.start, at.covering.end,
                    fmt::format("'{}' in RUN {}", p->program, p->reason));
  }
}

}  // namespace

const Rule& rule_pointless_command() {
  static const Rule rule{
      {.slug = "pointless-command",
       .summary = "Do not run commands that make no sense in an image build",
       .severity = Severity::kInfo,
       .aliases = {"DL3001"},
       .doc = {.what = "Reports RUN steps (shell form, heredoc scripts, `ONBUILD RUN`) that run "
                       "`ssh`, an editor (`vim`, `vi`, `nano`, `emacs`), `shutdown`, `reboot`, "
                       "`halt`, `poweroff`, `service`, `ps`, `top`, `free`, `kill`, `mount` or "
                       "`ifconfig`, also behind `sudo` or `env`. Only commands count: the same "
                       "words as package names (`apt-get install vim`), arguments (`which ps`), "
                       "lookups (`command -v ssh`), other programs (`ssh-keygen`, "
                       "`ssh-keyscan`, `umount`) and `RUN --mount` flags are not reported. Nor are "
                       "uses that serve the rest of their step: `service x start` followed by "
                       "more commands in the same script (which use the service), `service x "
                       "stop` or `kill` after the same script started a service or a background "
                       "job, and `ssh` in a RUN that forwards an agent with "
                       "`--mount=type=ssh`.",
               .why = "A build step runs once, without a terminal, in a container that is "
                      "thrown away when the step ends: an editor waits for input that never "
                      "comes, a started service or a signal does not outlive the step, `ps` or "
                      "`free` describe the builder rather than the image, and `mount`, "
                      "`shutdown` or `ifconfig` need privileges a build does not have. Such a "
                      "line is a leftover from an interactive session, or a sign that the "
                      "image is meant to be run like a virtual machine.",
               .example = "FROM debian:bookworm-slim\nRUN service nginx start\n",
               .instead = "FROM debian:bookworm-slim\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n"}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
