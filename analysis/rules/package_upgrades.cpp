#include "rules/package_upgrades.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>

namespace whalesafe::rules {
namespace {

using shell::Manager;

bool one_of(std::string_view s, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// Whether the command names what to upgrade (packages or other operands).
bool names_packages(const shell::Invocation& inv) {
  return !inv.packages.empty() || !inv.operands.empty();
}

UpgradeKind whole_system(const shell::Invocation& inv) {
  return names_packages(inv) ? UpgradeKind::kNone : UpgradeKind::kInstalled;
}

}  // namespace

UpgradeKind upgrade_kind(const shell::Invocation& inv) {
  const std::string& a = inv.action;
  switch (inv.manager) {
    case Manager::kAptGet:
    case Manager::kApt:
      if (a == "dist-upgrade" || a == "full-upgrade") return UpgradeKind::kDistribution;
      return a == "upgrade" ? whole_system(inv) : UpgradeKind::kNone;
    case Manager::kApk:
      if (a != "upgrade") return UpgradeKind::kNone;
      // `--available` also replaces or downgrades packages the repositories no longer hold.
      if (inv.has_flag("-a") || inv.has_flag("--available")) return UpgradeKind::kDistribution;
      return whole_system(inv);
    case Manager::kYum:
    case Manager::kDnf:
    case Manager::kMicrodnf:
      if (one_of(a, {"distro-sync", "distribution-synchronization", "dsync", "system-upgrade"})) {
        return UpgradeKind::kDistribution;
      }
      if (one_of(a, {"update", "upgrade", "update-minimal", "upgrade-minimal", "update-to",
                     "upgrade-to"})) {
        return whole_system(inv);
      }
      return UpgradeKind::kNone;
    case Manager::kZypper:
      if (a == "dist-upgrade" || a == "dup") return UpgradeKind::kDistribution;
      if (a == "patch") return UpgradeKind::kInstalled;
      return a == "update" || a == "up" ? whole_system(inv) : UpgradeKind::kNone;
    default:
      return UpgradeKind::kNone;
  }
}

}  // namespace whalesafe::rules
