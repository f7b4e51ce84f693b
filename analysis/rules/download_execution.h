// Where a curl/wget download is run as code without ever being a file: piped into a shell or
// interpreter (`curl -fsSL URL | sh`, `wget -qO- URL | sudo python3 -`), or passed to one as
// a command substitution (`bash -c "$(curl -fsSL URL)"`, `eval "$(curl URL)"`, `bash <(curl
// URL)`).
#pragma once

#include <cstddef>
#include <optional>

#include "shell/invocations.h"
#include "shell/script.h"

namespace whalesafe::rules {

struct DownloadExecution {
  std::size_t command = 0;               // in Script::commands: the shell or interpreter
  const shell::Word* program = nullptr;  // its program word
};

// Whether the download writes to standard output (no -o/-O file, or `-o -`).
bool writes_to_stdout(const shell::Invocation& download);

std::optional<DownloadExecution> executed_download(const shell::Script& script,
                                                   const shell::Invocation& download);

}  // namespace whalesafe::rules
