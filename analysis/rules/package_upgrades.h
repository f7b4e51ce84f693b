// What a package-manager invocation upgrades, for package-dist-upgrade and package-upgrade: the
// packages already installed (`apt-get upgrade`, `yum update`), the whole distribution
// (`apt-get dist-upgrade`, `zypper dup`, `dnf distro-sync`), or nothing of the kind.
#pragma once

#include "shell/invocations.h"

namespace whalesafe::rules {

enum class UpgradeKind {
  kNone,
  kInstalled,     // every installed package to its newest version, within the release
  kDistribution,  // also removes, replaces or downgrades packages to match the repositories
};

// Upgrades of named packages only (`yum update openssl`, `apk upgrade musl`) are kNone: they
// are a deliberate choice of what to take, like an install.
UpgradeKind upgrade_kind(const shell::Invocation& inv);

}  // namespace whalesafe::rules
