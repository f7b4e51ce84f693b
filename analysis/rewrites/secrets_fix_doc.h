// The `fix` paragraph of the rules whose fix is move-secrets (secret-in-env, secret-literal,
// secret-file-copied), kept in one place so all three say the same.
#pragma once

#include <string_view>

namespace whalesafe::rewrites {

inline constexpr std::string_view kMoveSecretsFixDoc =
    "Unsafe fix (the move-secrets rewrite, docs/fixes/move-secrets.md), for a secret in an "
    "`ENV` or `ARG` value and for a copied `.npmrc`, `.pypirc` or `.netrc`: the `ENV`/`ARG` "
    "goes, and each `RUN` that used the variable gets `--mount=type=secret,id=<id>,required=true` "
    "and reads it first with `NAME=\"$(cat /run/secrets/<id>)\" && export NAME && ...` (or the "
    "mount's `env=NAME` when the file's `# syntax=` asks for dockerfile 1.10 or newer); a copied "
    "credential file leaves the `COPY` and is mounted with `target=` at the same path in the "
    "`RUN`s that use it (an `rm` of it is dropped). `# syntax=docker/dockerfile:1` is added when "
    "the file has no syntax directive. The fix description gives the `docker build --secret` "
    "option to pass. Unsafe: the build needs that option from now on, an `ENV` is no longer set "
    "in the running container, and the committed secret stays leaked until it is rotated. Other "
    "secrets (in a command line, other credential files) have no automatic fix.";

}  // namespace whalesafe::rewrites
