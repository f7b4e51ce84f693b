// from-platform-flag-const: `FROM --platform=linux/amd64 ...` with a constant platform, in a
// stage whose name does not say which platform it is for.
#include <fmt/format.h>

#include "rules/node_util.h"
#include "rules/rule_context.h"

namespace whalesafe::rules {
namespace {

struct Platform {
  std::string os;
  std::string arch;
};

// `os[/arch[/variant]]`, or a lone architecture; lower-cased, with the usual architecture
// spellings normalized as the platform library does.
Platform parse_platform(std::string_view text) {
  Platform p;
  const std::string lower = ascii_lower(text);
  const std::size_t slash = lower.find('/');
  const std::string first = lower.substr(0, slash);
  if (slash == std::string::npos) {
    const bool is_os = first == "linux" || first == "windows" || first == "darwin" ||
                       first == "freebsd" || first == "openbsd" || first == "netbsd";
    (is_os ? p.os : p.arch) = first;
  } else {
    p.os = first;
    p.arch = lower.substr(slash + 1, lower.find('/', slash + 1) - slash - 1);
  }
  if (p.arch == "x86_64" || p.arch == "x86-64") p.arch = "amd64";
  if (p.arch == "aarch64") p.arch = "arm64";
  return p;
}

void check(const RuleContext& ctx, Reporter& reporter) {
  for (const SyntaxStage& stage : ctx.stages()) {
    const std::optional<FlagRef> platform = find_flag(ctx.document(), stage.from, "platform");
    if (!platform || ts_node_is_null(platform->value) || contains_expansion(platform->value)) {
      continue;
    }
    const std::string_view value = strip_quotes(ctx.text(platform->value));
    const Platform p = parse_platform(value);
    // A stage named for its platform (`AS build-arm64`) is deliberately pinned to it.
    if ((!p.os.empty() && stage.name.find(p.os) != std::string::npos) ||
        (!p.arch.empty() && stage.name.find(p.arch) != std::string::npos)) {
      continue;
    }
    reporter.report(platform->value,
                    fmt::format("FROM --platform={} pins this stage to one platform; use "
                                "$BUILDPLATFORM or $TARGETPLATFORM, or name the stage for it",
                                value));
  }
}

}  // namespace

const Rule& rule_from_platform_flag_const() {
  static const Rule rule{
      {.slug = "from-platform-flag-const",
       .summary = "FROM --platform should not be a constant",
       .severity = Severity::kWarning,
       .aliases = {"FromPlatformFlagConstDisallowed", "DL3029"},
       .doc = {.what = "Reports `FROM --platform=<constant>` unless the stage's name contains "
                       "that platform's OS or architecture (`AS builder-arm64`). Platforms "
                       "built from variables are not reported. This is BuildKit's check; "
                       "hadolint's DL3029, also an alias of this rule, is broader: it reports "
                       "every `--platform` whose value does not mention `BUILDPLATFORM` or "
                       "`TARGETPLATFORM`, so also other variables (`--platform=$PLATFORM`, set "
                       "with `--build-arg` at build time) and stages named for their platform. "
                       "whalesafe leaves those alone: the first is chosen by whoever runs the "
                       "build, the second is pinned on purpose and says so.",
               .why = "A constant platform makes every build of the stage, for every target, "
                      "use that platform: multi-platform builds silently produce images of the "
                      "wrong architecture, or run them under emulation.",
               .example = "FROM --platform=linux/amd64 golang:1.23 AS build\n",
               .instead = "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
