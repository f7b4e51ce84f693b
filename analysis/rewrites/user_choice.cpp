#include "rewrites/user_choice.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "shell/command_queries.h"

namespace whalesafe::rewrites {
namespace {

// Options of useradd (shadow), adduser (Debian) and adduser (BusyBox) that take a value.
bool takes_value(std::string_view program, std::string_view option) {
  if (option.starts_with("--")) {
    if (option.find('=') != std::string_view::npos) return false;
    static const std::set<std::string_view> kLong = {
        "--base-dir", "--comment",  "--home-dir",     "--expiredate",
        "--inactive", "--gid",      "--groups",       "--skel",
        "--key",      "--password", "--shell",        "--uid",
        "--root",     "--prefix",   "--selinux-user", "--home",
        "--ingroup",  "--gecos",    "--conf",         "--firstuid",
        "--lastuid",  "--firstgid", "--lastgid",      "--add-extra-groups"};
    return kLong.count(option) > 0;
  }
  if (option.size() < 2 || option[0] != '-') return false;
  // A cluster such as `-lu` takes a value when its last letter does.
  const std::string_view letters =
      program == "useradd" ? std::string_view("bcdefgGkKpsuRPZ") : std::string_view("hgsGuk");
  return letters.find(option.back()) != std::string_view::npos;
}

// The user a `useradd`/`adduser` command creates: its one operand, when static and plain.
std::optional<std::string> created_user(const shell::Command& command) {
  const std::optional<shell::EffectiveCommand> cmd = shell::effective_command(command);
  if (!cmd) return std::nullopt;
  const std::string_view program = shell::program_name(cmd->program());
  if (program != "useradd" && program != "adduser") return std::nullopt;
  std::vector<std::string> operands;
  for (std::size_t i = 1; i < cmd->size(); ++i) {
    const shell::Word& w = *cmd->words[i];
    if (!w.is_static()) return std::nullopt;
    const std::string& text = *w.value;
    if (text.starts_with("-")) {
      if (takes_value(program, text)) ++i;
      continue;
    }
    operands.push_back(text);
  }
  // `adduser user group` adds a user to a group: no new user.
  if (operands.size() != 1 || operands[0].empty()) return std::nullopt;
  for (const char c : operands[0]) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) {
      return std::nullopt;
    }
  }
  return operands[0];
}

std::string create_command(BaseFamily family) {
  if (family == BaseFamily::kAlpine) {
    return fmt::format("addgroup -S -g {1} {0} && adduser -S -D -u {1} -G {0} {0}", kNewUserName,
                       kNewUserId);
  }
  return fmt::format(
      "groupadd --system --gid {1} {0} && useradd --system --no-log-init --uid {1} --gid {0} "
      "--create-home {0}",
      kNewUserName, kNewUserId);
}

}  // namespace

std::vector<std::size_t> chain_instructions(const model::Model& m, const model::Stage& final) {
  std::set<int> stages;
  for (const model::Stage* s = &final; s != nullptr;) {
    if (!stages.insert(static_cast<int>(s->index)).second) break;
    s = s->base.stage && *s->base.stage < s->index ? &m.stages[*s->base.stage] : nullptr;
  }
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < m.instructions.size(); ++i) {
    if (stages.count(m.instructions[i].stage) > 0) out.push_back(i);
  }
  return out;
}

std::optional<UserChoice> choose_user(const rules::RuleContext& ctx, const model::Stage& final,
                                      const BaseFacts& base) {
  const model::Model& m = ctx.model();
  const std::vector<std::size_t> chain = chain_instructions(m, final);
  // 1. The last non-root USER, later overridden by a USER root.
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const model::InstructionInfo& info = m.instructions[*it];
    if (info.keyword != "user" || info.words.empty() || !info.words.front().ok()) continue;
    const std::string& value = info.words.front().value();
    model::EffectiveUser user;
    user.origin = model::EffectiveUser::Origin::kInstruction;
    user.user = value;
    if (value.empty() || user.is_root()) continue;
    return UserChoice{UserChoice::Source::kUserInstruction, value, value, "", "", *it};
  }
  // 2. A user the Dockerfile creates but never switches to.
  std::optional<UserChoice> created;
  for (const shell::AnalyzedShell& sh : ctx.shells()) {
    if (sh.source.onbuild) continue;
    const model::InstructionInfo* info =
        m.instruction_at(ts_node_start_byte(sh.source.instruction));
    if (info == nullptr || info->keyword != "run") continue;
    const std::size_t index = static_cast<std::size_t>(info - m.instructions.data());
    if (std::find(chain.begin(), chain.end(), index) == chain.end()) continue;
    for (const shell::Command& c : sh.script.commands) {
      if (c.conditional || c.in_subshell || c.in_substitution || c.in_function) continue;
      if (const std::optional<std::string> name = created_user(c)) {
        created = UserChoice{UserChoice::Source::kCreatedInDockerfile, *name, *name, "", "", index};
      }
    }
  }
  if (created) return created;
  // 3. A user the base image ships.
  if (!base.provided.empty()) {
    return UserChoice{
        UserChoice::Source::kProvidedByImage, base.provided, base.provided, "", "", std::nullopt};
  }
  // 4. A new system user.
  if (base.family == BaseFamily::kDebian || base.family == BaseFamily::kRhel ||
      base.family == BaseFamily::kAlpine) {
    const std::string id = fmt::format("{0}:{0}", kNewUserId);
    return UserChoice{UserChoice::Source::kCreated,
                      id,
                      id,
                      create_command(base.family),
                      base.family == BaseFamily::kAlpine ? "addgroup/adduser" : "groupadd/useradd",
                      std::nullopt};
  }
  return std::nullopt;
}

}  // namespace whalesafe::rewrites
