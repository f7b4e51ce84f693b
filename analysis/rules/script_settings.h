// Settings (setting_scan.h) written anywhere in a shell script's data: in command arguments
// (`--setopt=gpgcheck=0`, `git config http.sslVerify false`, `echo 'sslverify=0' >> x.repo`),
// in the text a `sed` script inserts or substitutes (not in what it searches for: `s/gpgcheck=0/
// gpgcheck=1/` turns verification on), and in heredoc bodies given to programs other than a
// shell (`cat > /etc/yum.repos.d/x.repo <<EOF`).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "rules/setting_scan.h"
#include "shell/shell_analysis.h"

namespace whalesafe::rules {

struct ScriptSetting {
  std::size_t spec = 0;     // index into the specs searched
  std::size_t command = 0;  // in Script::commands
  shell::MappedRange doc;   // the key through the value, in the Dockerfile
  std::string text;         // that text as written in the shell
};

// The shell-text ranges of a command that hold data: its words (for `sed`, only the text its
// script writes), and the bodies of heredocs it reads when it is not a shell.
std::vector<shell::ByteRange> data_ranges(const shell::Command& command);

// The settings of `specs` in `shell`. `specs` must be a static: its address keys the result,
// kept with the shell's parse (shell::ParsedShell::derived).
std::vector<ScriptSetting> script_settings(const shell::AnalyzedShell& shell,
                                           const std::vector<SettingSpec>& specs);

}  // namespace whalesafe::rules
