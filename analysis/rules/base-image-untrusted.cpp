// base-image-untrusted: a base image from a registry or namespace outside the configured
// trusted list (`trusted-registries`, or hadolint's `trustedRegistries`). No list, no policy.
#include <fmt/format.h>

#include "catalog/image_ref.h"
#include "rules/base_image.h"
#include "rules/node_util.h"

namespace whalesafe::rules {
namespace {

// The fully qualified repository: `python` -> `docker.io/library/python`, `bitnami/redis` ->
// `docker.io/bitnami/redis`, `ghcr.io/acme/app` as is. As Docker reads a name, the first
// component is a registry only when it has a `.` or a `:`, or is `localhost`.
std::string qualified(std::string_view name) {
  const std::size_t slash = name.find('/');
  std::string registry = "docker.io";
  std::string path(name);
  if (slash != std::string_view::npos) {
    const std::string_view first = name.substr(0, slash);
    if (first.find_first_of(".:") != std::string_view::npos || first == "localhost") {
      registry = ascii_lower(first);
      path = std::string(name.substr(slash + 1));
    }
  }
  if (registry == "index.docker.io" || registry == "registry-1.docker.io") registry = "docker.io";
  if (registry == "docker.io" && path.find('/') == std::string::npos) path = "library/" + path;
  return registry + "/" + path;
}

// `entry` trusts `repository` when it is the repository or a leading run of its components
// (`docker.io`, `ghcr.io/acme`, `docker.io/library`).
bool trusts(const std::string& entry, const std::string& repository) {
  std::string e = entry;
  while (e.ends_with('/')) e.pop_back();
  // Entries name registries the way users write them; qualify bare Docker Hub names.
  if (e.find_first_of(".:") == std::string::npos && e != "localhost") e = qualified(e);
  const std::string lower_e = ascii_lower(e.substr(0, e.find('/')));
  e = lower_e + e.substr(std::min(e.size(), lower_e.size()));
  if (e == "index.docker.io" || e == "registry-1.docker.io") e = "docker.io";
  return repository == e || repository.starts_with(e + "/");
}

void check(const RuleContext& ctx, Reporter& reporter) {
  const std::vector<std::string>& trusted = ctx.settings().trusted_registries;
  if (trusted.empty()) return;
  for (const BaseImage& b : base_images(ctx)) {
    if (b.is_scratch || b.is_stage) continue;
    // With variables, the repository the ARG defaults give (left to the build without them).
    std::string name = b.name_text;
    if (b.uses_variables) {
      if (!b.resolved) continue;
      const catalog::ImageRef ref = catalog::split_reference(*b.resolved);
      if (ref.has_variable) continue;
      name = ref.name;
    }
    const std::string repository = qualified(name);
    bool ok = false;
    for (const std::string& entry : trusted) ok = ok || trusts(entry, repository);
    if (ok) continue;
    std::string list;
    for (const std::string& entry : trusted) list += (list.empty() ? "" : ", ") + entry;
    reporter.report(b.name, fmt::format("base image '{}' ({}) is not from a trusted registry "
                                        "({})",
                                        name, repository, list));
  }
}

}  // namespace

const Rule& rule_base_image_untrusted() {
  static const Rule rule{
      {.slug = "base-image-untrusted",
       .summary = "Base images must come from trusted registries",
       .severity = Severity::kWarning,
       .aliases = {"DL3026"},
       .doc = {.what = "When the configuration lists trusted registries (`trusted-registries` "
                       "in `.whalesafe.yaml`, `trustedRegistries` in `.hadolint.yaml`), reports "
                       "a `FROM` image outside them. An entry is a registry (`docker.io`, "
                       "`registry.acme.com:5000`) or a registry with a namespace "
                       "(`ghcr.io/acme`, `docker.io/library` for official images only); names "
                       "are qualified as Docker does (`python` is `docker.io/library/python`). "
                       "Without a list the rule reports nothing; a reference built from "
                       "variables is judged by what the `ARG` defaults make of it.",
               .why = "A base image is code that runs in every build and every container. An "
                      "image from an unvetted registry or namespace can be replaced by its "
                      "owner at any time, and typo-squatted names are a known attack.",
               .example = "# trusted-registries: [docker.io]\nFROM ghcr.io/someone/node:22\n",
               .instead = "# trusted-registries: [docker.io]\nFROM node:22\n"}},
      &check};
  return rule;
}

}  // namespace whalesafe::rules
