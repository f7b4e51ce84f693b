// What the final image is built on, as far as adding a user goes: which distribution's
// commands create one (Debian/Ubuntu and the RHEL family `groupadd`/`useradd`, Alpine and
// BusyBox `addgroup`/`adduser`), or which unprivileged user the image already ships (node's
// `node`, distroless's `nonroot`, 65532 on scratch). Read from the semantic model (the chain of
// `FROM <stage>` down to an image, ARGs expanded) and the image catalog (official images, the
// base system their tags name); anything else is unknown, with the reason in words.
#pragma once

#include <string>

#include "model/model.h"
#include "rules/rule_context.h"

namespace whalesafe::rewrites {

enum class BaseFamily {
  kUnknown,
  kDebian,      // Debian, Ubuntu: groupadd/useradd (passwd)
  kRhel,        // Fedora, CentOS, RHEL UBI, Rocky, AlmaLinux, Oracle Linux: groupadd/useradd
  kAlpine,      // Alpine, BusyBox: addgroup/adduser
  kDistroless,  // gcr.io/distroless: no shell, ships `nonroot` (65532)
  kScratch,     // nothing at all: only a numeric user
};

struct BaseFacts {
  BaseFamily family = BaseFamily::kUnknown;
  std::string image;        // the reference the chain starts from ("node:22-slim"), or "scratch"
  std::string distro;       // readable: "Debian", "Alpine Linux", ...
  std::string provided;     // a non-root user the image ships ("node", "65532:65532"), or ""
  std::string why_unknown;  // kUnknown: why, in words for the user
};

// The image the final image's stage chain starts from (`stage` and the stages it is built
// FROM).
const model::Stage& chain_root(const model::Model& m, const model::Stage& stage);

BaseFacts base_facts(const rules::RuleContext& ctx, const model::Stage& stage);

}  // namespace whalesafe::rewrites
