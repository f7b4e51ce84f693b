#include "editing/instruction_docs.h"

#include <array>

#include "syntax/ascii.h"

namespace whalesafe::editing {
namespace {

using sv = std::string_view;

constexpr std::array<sv, 3> kNetworkValues = {"default", "none", "host"};
constexpr std::array<sv, 2> kSecurityValues = {"sandbox", "insecure"};
constexpr std::array<sv, 5> kMountTypes = {"bind", "cache", "tmpfs", "secret", "ssh"};
constexpr std::array<sv, 3> kSharingValues = {"shared", "private", "locked"};
constexpr std::array<sv, 2> kBooleanValues = {"true", "false"};

constexpr std::array kFromFlags = {
    FlagDoc{"platform", "os/arch",
            "Builds on the image for this platform instead of the target platform, e.g. "
            "`--platform=$BUILDPLATFORM` for a stage that runs build tools natively."},
};

constexpr std::array kRunFlags = {
    FlagDoc{"mount", "type=cache,target=/path",
            "Mounts a file system for this command only: a `cache` kept between builds, a `bind` "
            "mount of the context or another stage, a `tmpfs`, a build `secret` or the `ssh` "
            "agent socket. Nothing mounted ends up in the image layer."},
    FlagDoc{"network", "default|none|host",
            "The network the command runs in: `default`, `none` (no network at all) or `host` "
            "(needs the `network.host` entitlement).",
            kNetworkValues},
    FlagDoc{"security", "sandbox|insecure",
            "`insecure` runs the command without the sandbox (needs the `security.insecure` "
            "entitlement); `sandbox` is the default.",
            kSecurityValues},
};

constexpr std::array kCopyFlags = {
    FlagDoc{"from", "stage",
            "Copies from a build stage (by name or index), an image or a named context instead "
            "of the build context."},
    FlagDoc{"chown", "user:group",
            "Owner of the copied files (names or numeric IDs); without it they belong to root."},
    FlagDoc{"chmod", "mode",
            "Permissions of the copied files, in octal (`0755`) or symbolic form."},
    FlagDoc{"link", "",
            "Copies into an independent layer, so that the layer survives changes of the layers "
            "below it (better cache reuse, `--link` layers can be rebased)."},
    FlagDoc{"parents", "", "Keeps the parent directories of the sources below the destination."},
    FlagDoc{"exclude", "pattern", "Leaves out the files matching the pattern (may be repeated)."},
};

constexpr std::array kAddFlags = {
    FlagDoc{"chown", "user:group",
            "Owner of the added files (names or numeric IDs); without it they belong to root."},
    FlagDoc{"chmod", "mode", "Permissions of the added files, in octal or symbolic form."},
    FlagDoc{"link", "", "Adds into an independent layer (see `COPY --link`)."},
    FlagDoc{"checksum", "sha256:...",
            "The expected digest of a remote file: the build fails when the download differs."},
    FlagDoc{"keep-git-dir", "", "Keeps the `.git` directory when adding a Git repository."},
    FlagDoc{"exclude", "pattern", "Leaves out the files matching the pattern (may be repeated)."},
};

constexpr std::array kHealthcheckFlags = {
    FlagDoc{"interval", "30s", "Time between two checks (default 30s)."},
    FlagDoc{"timeout", "30s", "A check that takes longer fails (default 30s)."},
    FlagDoc{"start-period", "0s",
            "Failures during this time after the start do not count (default 0s)."},
    FlagDoc{"start-interval", "5s", "Time between checks during the start period (default 5s)."},
    FlagDoc{"retries", "3", "Consecutive failures that make the container unhealthy (default 3)."},
};

constexpr std::array kInstructions = {
    InstructionDoc{"FROM", "FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>]",
                   "Starts a build stage on a base image (or `scratch`, or an earlier stage). "
                   "`AS name` names the stage for `COPY --from`, `RUN --mount=from=` and "
                   "`FROM name`.",
                   "${1:image}:${2:tag}", kFromFlags},
    InstructionDoc{"RUN",
                   "RUN [--mount=...] [--network=...] <command>\nRUN [\"executable\", \"arg\"]",
                   "Runs a command in a new layer: with the shell (`/bin/sh -c` by default, see "
                   "`SHELL`) in the shell form, directly in the exec (JSON) form.",
                   "${1:command}", kRunFlags},
    InstructionDoc{"CMD", "CMD [\"executable\", \"arg\"]\nCMD command arg",
                   "The default command of a container, or the default arguments of the "
                   "`ENTRYPOINT`. Only the last CMD counts.",
                   "[\"${1:executable}\"]"},
    InstructionDoc{"LABEL", "LABEL <key>=<value> ...",
                   "Adds metadata to the image, such as `org.opencontainers.image.source`.",
                   "${1:key}=\"${2:value}\""},
    InstructionDoc{"MAINTAINER", "MAINTAINER <name>",
                   "Deprecated: sets the author. Use `LABEL org.opencontainers.image.authors=...`.",
                   "${1:name}"},
    InstructionDoc{"EXPOSE", "EXPOSE <port>[/<protocol>] ...",
                   "Documents the ports the container listens on (`tcp` by default). It publishes "
                   "nothing by itself.",
                   "${1:8080}"},
    InstructionDoc{"ENV", "ENV <key>=<value> ...",
                   "Sets environment variables for the following instructions and for "
                   "containers run from the image.",
                   "${1:NAME}=${2:value}"},
    InstructionDoc{"ADD", "ADD [--chown=...] [--checksum=...] <src>... <dest>",
                   "Copies files, URLs or Git repositories into the image and unpacks local "
                   "archives. Prefer `COPY` unless you need those extras.",
                   "${1:src} ${2:dest}", kAddFlags},
    InstructionDoc{"COPY", "COPY [--from=<stage>] [--chown=...] [--link] <src>... <dest>",
                   "Copies files from the build context (or a stage, image or named context with "
                   "`--from`) into the image.",
                   "${1:src} ${2:dest}", kCopyFlags},
    InstructionDoc{
        "ENTRYPOINT", "ENTRYPOINT [\"executable\", \"arg\"]\nENTRYPOINT command arg",
        "The executable a container runs; `CMD` and `docker run` arguments are passed to "
        "it in the exec form.",
        "[\"${1:executable}\"]"},
    InstructionDoc{"VOLUME", "VOLUME <path> ...\nVOLUME [\"<path>\"]",
                   "Declares mount points for externally mounted volumes. Changes to these "
                   "paths made by later instructions are discarded.",
                   "${1:/data}"},
    InstructionDoc{"USER", "USER <user>[:<group>]",
                   "The user (and group) that runs the following instructions and the "
                   "container. Without it everything runs as root.",
                   "${1:app}"},
    InstructionDoc{"WORKDIR", "WORKDIR <path>",
                   "The working directory of the following instructions and of the container; "
                   "created if missing. A relative path is relative to the previous WORKDIR.",
                   "${1:/app}"},
    InstructionDoc{"ARG", "ARG <name>[=<default>] ...",
                   "Declares a build argument (`--build-arg`). Before the first FROM it is global "
                   "and usable in FROM lines; a stage must declare it again (`ARG name`) to use "
                   "it.",
                   "${1:NAME}=${2:default}"},
    InstructionDoc{"ONBUILD", "ONBUILD <instruction>",
                   "Registers an instruction to run when another build uses this image as its "
                   "base.",
                   "${1:RUN command}"},
    InstructionDoc{"STOPSIGNAL", "STOPSIGNAL <signal>",
                   "The signal that stops the container (`SIGTERM` by default).", "${1:SIGTERM}"},
    InstructionDoc{"HEALTHCHECK", "HEALTHCHECK [--interval=...] CMD <command>\nHEALTHCHECK NONE",
                   "How to check that the container still works: a command whose exit status 0 "
                   "means healthy. `NONE` disables the base image's check.",
                   "CMD ${1:command}", kHealthcheckFlags},
    InstructionDoc{"SHELL", "SHELL [\"executable\", \"arg\"]",
                   "The shell that runs the shell form of the following RUN, CMD and ENTRYPOINT "
                   "(default `[\"/bin/sh\", \"-c\"]`).",
                   "[\"${1:/bin/bash}\", \"${2:-c}\"]"},
};

constexpr std::array<sv, 1> kAll = {""};
constexpr std::array<sv, 2> kBindCache = {"bind", "cache"};
constexpr std::array<sv, 3> kCacheSecretSsh = {"cache", "secret", "ssh"};
constexpr std::array<sv, 2> kSecretSsh = {"secret", "ssh"};
constexpr std::array<sv, 1> kCache = {"cache"};
constexpr std::array<sv, 1> kTmpfs = {"tmpfs"};
constexpr std::array<sv, 1> kSecret = {"secret"};
constexpr std::array<sv, 3> kBindCacheTmpfs = {"bind", "cache", "tmpfs"};

constexpr std::array kMountKeys = {
    MountKeyDoc{"type", "The kind of mount: `bind` (default), `cache`, `tmpfs`, `secret`, `ssh`.",
                kAll, kMountTypes},
    MountKeyDoc{"target", "Where the mount appears in the container (also `dst`, `destination`).",
                kAll},
    MountKeyDoc{"source", "The path to mount from the `from` source (default its root).",
                kBindCache},
    MountKeyDoc{"from",
                "A stage, image or named context to mount from (default the build context).",
                kBindCache},
    MountKeyDoc{"readonly", "Mounts read-only (also `ro`).", kBindCacheTmpfs, kBooleanValues},
    MountKeyDoc{"rw", "Bind mounts only: makes the mount writable (writes are discarded).",
                kBindCache},
    MountKeyDoc{"id", "The cache or secret (`--secret id=...`) or SSH agent to mount.",
                kCacheSecretSsh},
    MountKeyDoc{"sharing", "How builds share a cache: `shared` (default), `private` or `locked`.",
                kCache, kSharingValues},
    MountKeyDoc{"mode", "Permissions of the mounted file or directory, in octal.", kCacheSecretSsh},
    MountKeyDoc{"uid", "Owner user ID of the mount.", kCacheSecretSsh},
    MountKeyDoc{"gid", "Owner group ID of the mount.", kCacheSecretSsh},
    MountKeyDoc{"required", "Fails the build when the secret or SSH agent is not provided.",
                kSecretSsh, kBooleanValues},
    MountKeyDoc{"env", "Exposes the secret as this environment variable instead of a file.",
                kSecret},
    MountKeyDoc{"size", "The size limit of a tmpfs mount.", kTmpfs},
};

}  // namespace

std::span<const InstructionDoc> instruction_docs() { return kInstructions; }

const InstructionDoc* find_instruction_doc(std::string_view keyword) {
  for (const InstructionDoc& doc : kInstructions) {
    if (syntax::iequals(doc.keyword, keyword)) return &doc;
  }
  return nullptr;
}

const FlagDoc* find_flag_doc(const InstructionDoc& instruction, std::string_view name) {
  for (const FlagDoc& flag : instruction.flags) {
    if (syntax::iequals(flag.name, name)) return &flag;
  }
  return nullptr;
}

std::span<const MountKeyDoc> mount_key_docs() { return kMountKeys; }

const MountKeyDoc* find_mount_key_doc(std::string_view key) {
  if (syntax::iequals(key, "dst") || syntax::iequals(key, "destination")) key = "target";
  if (syntax::iequals(key, "src")) key = "source";
  if (syntax::iequals(key, "ro")) key = "readonly";
  for (const MountKeyDoc& doc : kMountKeys) {
    if (syntax::iequals(doc.key, key)) return &doc;
  }
  return nullptr;
}

bool mount_key_applies(const MountKeyDoc& key, std::string_view type) {
  bool known_type = false;
  for (sv t : kMountTypes) known_type = known_type || syntax::iequals(t, type);
  if (!known_type) return true;
  for (sv t : key.types) {
    if (t.empty() || syntax::iequals(t, type)) return true;
  }
  return false;
}

std::string instruction_markdown(const InstructionDoc& instruction) {
  std::string out = "```dockerfile\n" + std::string(instruction.syntax) + "\n```\n\n";
  out += instruction.doc;
  if (!instruction.flags.empty()) {
    out += "\n\nFlags:";
    for (const FlagDoc& flag : instruction.flags) out += " `--" + std::string(flag.name) + "`";
  }
  return out;
}

std::string flag_markdown(const InstructionDoc& instruction, const FlagDoc& flag) {
  std::string out = "`" + std::string(instruction.keyword) + " --" + std::string(flag.name);
  if (!flag.value.empty()) out += "=" + std::string(flag.value);
  out += "`\n\n" + std::string(flag.doc);
  return out;
}

std::string mount_key_markdown(const MountKeyDoc& key) {
  std::string out = "`--mount` key `" + std::string(key.key) + "`\n\n" + std::string(key.doc);
  if (!key.types.empty() && !key.types.front().empty()) {
    out += "\n\nFor mounts of type";
    for (std::size_t i = 0; i < key.types.size(); ++i) {
      out += (i == 0 ? " `" : ", `") + std::string(key.types[i]) + "`";
    }
    out += ".";
  }
  return out;
}

}  // namespace whalesafe::editing
