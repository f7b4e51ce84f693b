// Rule options that come from configuration (.whalesafe.yaml, .hadolint.yaml), read by the
// rules that need them.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/date.h"
#include "rules/label_schema.h"

namespace whalesafe::rules {

// The digest an image reference's tag points to now ("sha256:<64 hex digits>"), or nothing.
// Analysis never touches the network: whoever builds the settings decides what answers (the
// CLI: the registry resolver's on-disk cache, or the registry itself with --pin-digests; the
// language server: the cache only). The pin-slim-tag rewrite asks it for the reference it is
// about to write ("node:24.19.0-trixie-slim") and appends `@<digest>` when it answers. It may
// be called from several threads at once (one per document) and should answer quickly.
using DigestLookup = std::function<std::optional<std::string>(std::string_view reference)>;

struct RuleSettings {
  // Registries (or registry/namespace prefixes) whose images are trusted; empty: no policy.
  std::vector<std::string> trusted_registries;
  // Days after an end-of-life date before base-image-eol reports it.
  int eol_grace_days = 0;
  // The Dockerfile's path on disk, when checked from a file (`whalesafe check FILE`); empty for
  // standard input and editors. Rules that look at the build context (its directory) need it.
  std::string dockerfile_path;
  // The day end of life is judged on (`eol-date` in .whalesafe.yaml; tests fix it so results
  // do not change with the calendar). Unset: today's UTC date (RuleContext::eol_date()).
  std::optional<catalog::Date> eol_date;
  // Whether the shellcheck rule may run the `shellcheck` program (`shellcheck: false` in
  // .whalesafe.yaml turns it off, like `rules: {shellcheck: off}`).
  bool shellcheck = true;
  // ShellCheck codes whose findings the shellcheck rule drops ("SC2086"): from `--ignore SC2086`,
  // hadolint's `ignored: [SC2086]`, or `rules: {SC2086: off}`.
  std::vector<std::string> ignored_codes;
  // hadolint's `label-schema` and `strict-labels` (also in .whalesafe.yaml): the labels the
  // final image must carry and the types of their values. Empty: the label rules that need a
  // schema report nothing.
  LabelSchema label_schema;
  // Digests for the pin-slim-tag rewrite; empty: pin by tag only.
  DigestLookup digest_lookup;
};

}  // namespace whalesafe::rules
