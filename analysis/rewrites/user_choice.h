// Which non-root user add-non-root-user switches the final stage to, in order of preference:
// one the Dockerfile already uses (the last non-root USER of the final image's stages, which a
// later `USER root` overrode), one it creates (`useradd`/`adduser` in those stages), one the
// base image ships (node's `node`, distroless's `nonroot`, 65532 on scratch), else a new system
// user created with the base distribution's commands.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "rewrites/user_base.h"
#include "rules/rule_context.h"

namespace whalesafe::rewrites {

// The UID and GID of a user the rewrite creates, and its name. 10001 stays clear of the
// distributions' own ranges (system accounts below 1000, people from 1000).
inline constexpr std::string_view kNewUserName = "app";
inline constexpr std::string_view kNewUserId = "10001";

struct UserChoice {
  enum class Source { kUserInstruction, kCreatedInDockerfile, kProvidedByImage, kCreated };
  Source source = Source::kCreated;
  std::string user;   // the USER value ("10001:10001", "node", "app")
  std::string owner;  // the owner for COPY --chown and chown ("10001:10001", "node")
  // The shell command that creates the user (kCreated), e.g. "groupadd ... && useradd ...".
  std::string create;
  std::string tools;  // the commands it uses, for the description ("groupadd/useradd")
  // Index in Model::instructions from which the user exists: COPY instructions after it may
  // take --chown with its name; nullopt: from the start (a numeric or image-provided user).
  std::optional<std::size_t> exists_after;
};

// nullopt when no user can be chosen; `base.why_unknown` then says why.
std::optional<UserChoice> choose_user(const rules::RuleContext& ctx, const model::Stage& final,
                                      const BaseFacts& base);

// The indexes (into Model::instructions) of the instructions of the final image's stages:
// the final stage and the stages it is built FROM, in source order.
std::vector<std::size_t> chain_instructions(const model::Model& m, const model::Stage& final);

}  // namespace whalesafe::rewrites
