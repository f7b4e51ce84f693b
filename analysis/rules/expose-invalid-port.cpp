// expose-invalid-port: EXPOSE arguments that are not `port[/protocol]` or `start-end[/protocol]`
// with ports in 0-65535 and protocol tcp, udp or sctp.
#include <fmt/format.h>

#include <charconv>
#include <optional>

#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

std::optional<unsigned> parse_port(std::string_view text) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// nullopt when `spec` is valid, else the reason.
std::optional<std::string> problem(std::string_view spec) {
  std::string_view ports = spec;
  if (const std::size_t slash = spec.find('/'); slash != std::string_view::npos) {
    ports = spec.substr(0, slash);
    const std::string protocol = ascii_lower(spec.substr(slash + 1));
    if (protocol != "tcp" && protocol != "udp" && protocol != "sctp") {
      return fmt::format("unknown protocol '{}' (expected tcp, udp or sctp)",
                         spec.substr(slash + 1));
    }
  }
  if (ports.find(':') != std::string_view::npos) {
    return std::string(
        "EXPOSE takes container ports only; publish to a host address or "
        "port with `docker run -p` instead");
  }
  std::string_view first = ports;
  std::string_view last = ports;
  if (const std::size_t dash = ports.find('-'); dash != std::string_view::npos) {
    first = ports.substr(0, dash);
    last = ports.substr(dash + 1);
  }
  const std::optional<unsigned> a = parse_port(first);
  const std::optional<unsigned> b = parse_port(last);
  if (!a || !b) return fmt::format("'{}' is not a port number", !a ? first : last);
  if (*a > 65535 || *b > 65535) {
    return fmt::format("port {} is out of range (0-65535)", *a > 65535 ? *a : *b);
  }
  if (*a > *b) return fmt::format("port range {}-{} is empty", *a, *b);
  return std::nullopt;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (TSNode i : ctx.instructions_of_type("expose_instruction")) {
    for (TSNode port : fields(i, "port")) {
      if (contains_expansion(port)) continue;  // the value is only known at build time
      const std::string_view text = strip_quotes(ctx.text(port));
      if (std::optional<std::string> why = problem(text)) {
        reporter.report(port, fmt::format("invalid EXPOSE '{}': {}", text, *why));
      }
    }
  }
}

}  // namespace

const Rule& rule_expose_invalid_port() {
  static const Rule rule{
      {.slug = "expose-invalid-port",
       .summary = "EXPOSE needs valid container ports",
       .severity = Severity::kError,
       .aliases = {"DL3011", "ExposeInvalidFormat", "DS008"},
       .doc = {.what = "Reports `EXPOSE` arguments that are not a port (0-65535) or a port "
                       "range, optionally followed by `/tcp`, `/udp` or `/sctp`, including "
                       "host addresses or host ports (`8080:80`). Values built from "
                       "variables are not checked.",
               .why = "Docker rejects an out-of-range or malformed port when the image is "
                      "built or run, and `EXPOSE` cannot publish to a host port: "
                      "`EXPOSE 8080:80` means the author expected `docker run -p` behaviour.",
               .example = "FROM nginx:1.27\nEXPOSE 80:80 70000\n",
               .instead = "FROM nginx:1.27\nEXPOSE 80 443/tcp 8000-8010\n"}},
      &check,
      RuleScope::kInstruction};
  return rule;
}

}  // namespace whalesafe::rules
