// The tables the invocation reader works from: per tool, its program names, its options
// (spellings, canonical name, whether a value follows), which actions take packages, and how
// a package word carries a version.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "shell/invocations.h"

namespace whalesafe::shell {

struct OptionSpec {
  std::string_view canonical;
  std::vector<std::string_view> spellings;
  bool takes_value = false;
  // A mode option that names the action (rpm `-i` is "install"): sets it when none is set yet.
  std::string_view action = {};
};

// Options that only some actions have, looked up before the tool's own when the action is one
// of `actions` (zypper addrepo's `-n` is `--name`, zypper's global `-n` is non-interactive).
struct ActionOptions {
  std::vector<std::string_view> actions;
  std::vector<OptionSpec> options;
};

enum class VersionStyle {
  kNone,
  kEquals,     // apt: name=version
  kOperators,  // apk, zypper: name=ver, name>=ver, name~ver
  kPep440,     // pip: name==ver, name>=ver, name[extra]~=ver
  kAt,         // npm, yarn, pnpm, go, cargo: name@version (@scope/name@version)
  kDashDigit,  // yum, dnf: name-1.2.3 (a dash followed by a digit)
  kColon,      // gem: name:version
};

struct ManagerSpec {
  Manager manager;
  std::vector<std::string_view> programs;  // program base names
  std::vector<OptionSpec> options;
  bool has_action = true;  // first operand is an action (else options name it, or none)
  // Actions whose operands are packages. For a tool without an action word or mode options
  // (curl, wget), every operand is a URL.
  std::vector<std::string_view> package_actions;
  VersionStyle version_style = VersionStyle::kNone;
  // An option whose value is the version of the packages named (gem -v, cargo --version).
  std::optional<std::string_view> version_option;
  std::vector<ActionOptions> action_options = {};
  // Actions whose operands that look like URLs (`scheme://`) are also listed in `urls`.
  std::vector<std::string_view> url_actions = {};
};

// The table of every supported tool.
const std::vector<ManagerSpec>& manager_specs();
const ManagerSpec& spec_of(Manager manager);

}  // namespace whalesafe::shell
