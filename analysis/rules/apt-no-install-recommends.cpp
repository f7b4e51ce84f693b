// apt-no-install-recommends: `apt-get install` without `--no-install-recommends` in a stage that
// ends up in the final image.
#include <fmt/format.h>

#include "rules/node_util.h"
#include "rules/package_util.h"

namespace whalesafe::rules {
namespace {

bool is_apt(shell::Manager m) { return m == shell::Manager::kAptGet || m == shell::Manager::kApt; }

// `-o APT::Install-Recommends=false` (or 0, no, off).
bool option_disables_recommends(const shell::Invocation& inv) {
  for (const shell::Flag& f : inv.flags) {
    if (f.canonical != "option" || !f.value) continue;
    const std::string v = ascii_lower(*f.value);
    const std::size_t eq = v.find('=');
    if (eq == std::string::npos || v.substr(0, eq) != "apt::install-recommends") continue;
    const std::string_view value = strip_quotes(std::string_view(v).substr(eq + 1));
    if (value == "false" || value == "0" || value == "no" || value == "off") return true;
  }
  return false;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const RunInstruction& run : run_instructions(ctx)) {
    if (!run.in_final_image) continue;
    // An APT configuration written earlier (`echo 'APT::Install-Recommends "false";' > ...`).
    if (configured_before(ctx, run.node, "apt::install-recommends")) continue;
    for (const RunInvocation& ri : run.invocations) {
      const shell::Invocation& inv = ri.inv;
      if (!is_apt(inv.manager) || inv.action != "install" || inv.packages.empty()) continue;
      if (inv.has_flag("no-install-recommends") || option_disables_recommends(inv)) continue;
      const findings::TextEdit head = head_range(ri);
      std::optional<findings::Fix> fix;
      if (auto edit = insert_after_action(ri, " --no-install-recommends")) {
        fix = findings::Fix{
            "Add --no-install-recommends", findings::Applicability::kUnsafe, {std::move(*edit)}};
      }
      reporter.report(head.start_byte, head.end_byte,
                      fmt::format("'{} install' without --no-install-recommends also installs "
                                  "every recommended package",
                                  shell::manager_name(inv.manager)),
                      std::move(fix));
    }
  }
}

}  // namespace

const Rule& rule_apt_no_install_recommends() {
  static const Rule rule{
      {.slug = "apt-no-install-recommends",
       .summary = "Use `apt-get install --no-install-recommends`",
       .severity = Severity::kWarning,
       .aliases = {"DL3015", "DS029"},
       .fix = FixKind::kUnsafe,
       .doc = {.what = "Reports `apt-get install` and `apt install` without "
                       "`--no-install-recommends` (or `-o APT::Install-Recommends=false`, or an "
                       "APT configuration setting it written earlier in the file), in the stages "
                       "that end up in the final image: the final stage and the stages it is "
                       "built `FROM`. Builder stages are not reported.",
               .why = "By default APT also installs every package the requested ones "
                      "recommend: often documentation, X11 libraries or whole toolchains that "
                      "the image never uses. They make the image larger and add software that "
                      "vulnerability scanners report and that an attacker can use.",
               .example = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y "
                          "curl && rm -rf /var/lib/apt/lists/*\n",
               .instead = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y "
                          "--no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
               .fix =
                   "Inserts `--no-install-recommends` after `install`. Unsafe: a program may "
                   "need a package that was only recommended (libcurl recommends "
                   "ca-certificates, without which HTTPS downloads fail), which must then be named "
                   "explicitly."}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
