// Whether a shell script verifies what it downloads: a checksum checked (`sha256sum -c`,
// `shasum -a 256 --check`, a digest compared in `[ "$(sha256sum f)" = ... ]` or piped to
// `grep`) or a signature checked (`gpg --verify`, `gpgv`, `cosign verify-blob`, `minisign -V`,
// `rpm --checksig`, ...).
#pragma once

#include "shell/script.h"

namespace whalesafe::rules {

bool verifies_integrity(const shell::Script& script);

}  // namespace whalesafe::rules
