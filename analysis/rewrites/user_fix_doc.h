// The `fix` paragraph of the rules whose fix is add-non-root-user (user-missing, user-root),
// kept in one place so both say the same.
#pragma once

#include <string_view>

namespace whalesafe::rewrites {

inline constexpr std::string_view kAddNonRootUserFixDoc =
    "Unsafe fix (the add-non-root-user rewrite, docs/fixes/add-non-root-user.md): the final "
    "stage switches to a non-root user with `USER` after its last build step, before "
    "`CMD`/`ENTRYPOINT`. It reuses a user that is already there: a non-root `USER` that a "
    "later `USER root` overrode, a user the Dockerfile creates with `useradd`/`adduser`, `node` "
    "in node images, `nonroot` (65532) on distroless, 65532 on scratch. Otherwise it creates the "
    "system user `app` (UID and GID 10001) with the commands of the base image's distribution: "
    "`groupadd`/`useradd --no-log-init` on Debian, Ubuntu and the RHEL family, "
    "`addgroup -S`/`adduser -S` on Alpine and BusyBox. `COPY`/`ADD` into the working directory "
    "get `--chown` and the working directory is given to the user. The distribution comes from "
    "the image catalog; for an image it does not know (or a minimal image without `useradd`) no "
    "fix is offered and the message says why. Unsafe: the application loses root privileges "
    "(ports below 1024, writes outside its directory).";

}  // namespace whalesafe::rewrites
