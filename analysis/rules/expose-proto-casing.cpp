// expose-proto-casing: EXPOSE protocols written in upper or mixed case (`80/TCP`).
#include <fmt/format.h>

#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

void check(const RuleContext& ctx, Reporter& reporter) {
  for (TSNode i : ctx.instructions_of_type("expose_instruction")) {
    for (TSNode port : fields(i, "port")) {
      if (contains_expansion(port)) continue;
      const std::string_view text = ctx.text(port);
      const std::size_t slash = text.find('/');
      if (slash == std::string_view::npos) continue;
      const std::string_view protocol = text.substr(slash + 1);
      const std::string lower = ascii_lower(protocol);
      if (lower == protocol || (lower != "tcp" && lower != "udp" && lower != "sctp")) continue;
      const uint32_t start = ts_node_start_byte(port) + static_cast<uint32_t>(slash) + 1;
      const uint32_t end = start + static_cast<uint32_t>(protocol.size());
      findings::Fix fix{
          fmt::format("Write '{}'", lower), findings::Applicability::kSafe, {{start, end, lower}}};
      reporter.report(
          start, end,
          fmt::format("protocol '{}' should be written in lower case: '{}'", protocol, lower),
          std::move(fix));
    }
  }
}

}  // namespace

const Rule& rule_expose_proto_casing() {
  static const Rule rule{
      {.slug = "expose-proto-casing",
       .summary = "EXPOSE protocols are written in lower case",
       .severity = Severity::kStyle,
       .aliases = {"ExposeProtoCasing"},
       .fix = FixKind::kSafe,
       .doc = {.what = "Reports `tcp`, `udp` or `sctp` in an `EXPOSE` written in upper or "
                       "mixed case.",
               .why = "Docker accepts any case, but the image configuration then records "
                      "`80/TCP` and `80/tcp` as different ports, which confuses tools that "
                      "compare them.",
               .example = "FROM nginx:1.27\nEXPOSE 80/TCP\n",
               .instead = "FROM nginx:1.27\nEXPOSE 80/tcp\n",
               .fix = "Lower-cases the protocol. Safe."}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
