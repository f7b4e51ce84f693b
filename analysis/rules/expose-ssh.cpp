// expose-ssh: EXPOSE of port 22 (SSH), alone or within a range.
#include <fmt/format.h>

#include <charconv>

#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

constexpr unsigned kSsh = 22;

std::optional<unsigned> number(std::string_view text) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// True when `spec` (port[/proto] or start-end[/proto]) includes port 22. Malformed specs are
// expose-invalid-port's business.
bool includes_ssh(std::string_view spec) {
  const std::string_view ports = spec.substr(0, spec.find('/'));
  const std::size_t dash = ports.find('-');
  const std::optional<unsigned> first = number(ports.substr(0, dash));
  const std::optional<unsigned> last =
      dash == std::string_view::npos ? first : number(ports.substr(dash + 1));
  return first && last && *first <= kSsh && kSsh <= *last;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (TSNode i : ctx.instructions_of_type("expose_instruction")) {
    for (TSNode port : fields(i, "port")) {
      if (contains_expansion(port)) continue;
      const std::string_view text = strip_quotes(ctx.text(port));
      if (includes_ssh(text)) {
        reporter.report(port, fmt::format("EXPOSE {} opens the SSH port; containers should not "
                                          "run an SSH server",
                                          text));
      }
    }
  }
}

}  // namespace

const Rule& rule_expose_ssh() {
  static const Rule rule{
      {.slug = "expose-ssh",
       .summary = "Do not expose the SSH port",
       .severity = Severity::kWarning,
       .aliases = {"DS004", "CKV_DOCKER_1"},
       .doc = {.what = "Reports `EXPOSE 22` (any protocol), and port ranges that include 22.",
               .why = "An SSH server in a container is another long-lived secret (host keys, "
                      "authorized keys) and another network service to patch and attack. "
                      "`docker exec` or `kubectl exec` give a shell without one.",
               .example = "FROM ubuntu:24.04\nEXPOSE 22 8080\n",
               .instead = "FROM ubuntu:24.04\nEXPOSE 8080\n"}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
