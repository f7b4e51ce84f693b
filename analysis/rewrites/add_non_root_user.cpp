// add-non-root-user: the final stage switches to an unprivileged user before CMD/ENTRYPOINT.
// The user is chosen by choose_user (user_choice.h); this file turns the choice into edits:
//   - `RUN <create the user> && chown <user> <WORKDIR>` and `USER <user>` inserted after the
//     last instruction of the final stage that builds the filesystem (RUN, COPY, ADD, WORKDIR,
//     USER, ...), so every build step keeps running as before and only the metadata that
//     follows (CMD, ENTRYPOINT, EXPOSE, ...) comes after the USER;
//   - `--chown=<user>` on the final stage's COPY/ADD into its working directory, the files an
//     application may need to write; files copied elsewhere (/usr/local/bin, /etc) stay owned
//     by root, readable but not writable by the application, which is the point.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "rewrites/rewrite.h"
#include "rewrites/secrets_mount.h"
#include "rewrites/user_base.h"
#include "rewrites/user_choice.h"
#include "rewrites/user_lines.h"
#include "rules/default_user.h"
#include "rules/node_util.h"
#include "rules/rule_context.h"
#include "shell/shell_source.h"

namespace whalesafe::rewrites {
namespace {

// Instructions that only set image metadata: they may follow the new USER.
bool metadata_only(std::string_view keyword) {
  return keyword == "cmd" || keyword == "entrypoint" || keyword == "expose" ||
         keyword == "healthcheck" || keyword == "label" || keyword == "stopsignal" ||
         keyword == "env" || keyword == "arg" || keyword == "maintainer" || keyword == "volume";
}

// Directories the application must not own: system locations and root's home.
bool ownable_directory(std::string_view dir) {
  // Space-separated, with a space at both ends.
  static constexpr std::string_view kSystem =
      " / /bin /boot /dev /etc /home /lib /lib64 /media /mnt /opt /proc /root /run /sbin /srv "
      "/sys /tmp /usr /usr/bin /usr/lib /usr/local /usr/local/bin /usr/local/lib /usr/sbin "
      "/usr/share /var /var/lib ";
  if (dir.empty() || dir.front() != '/') return false;
  while (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
  return kSystem.find(" " + std::string(dir) + " ") == std::string_view::npos;
}

std::string trim_slashes(std::string_view dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
  return std::string(dir);
}

// A path as one shell word.
std::string shell_word(std::string_view path) {
  const bool plain = std::all_of(path.begin(), path.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '.' || c == '_' ||
           c == '-' || c == '+' || c == '@' || c == ':';
  });
  if (plain) return std::string(path);
  std::string out = "'";
  for (const char c : path) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The keyword spelled as the file spells FROM (all lower case files stay lower case).
std::string keyword(const rules::RuleContext& ctx, const model::Stage& stage, std::string_view kw) {
  const std::string_view from = ctx.text(rules::keyword_node(stage.from));
  const bool lower = !from.empty() && std::all_of(from.begin(), from.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c));
  });
  return lower ? syntax::ascii_lower(kw) : std::string(kw);
}

RewriteOutcome none(std::string why) { return {std::nullopt, std::move(why)}; }

}  // namespace

RewriteOutcome plan_add_non_root_user(const rules::RuleContext& ctx, uint32_t offset) {
  const model::Model& m = ctx.model();
  const model::Stage* final = m.final_stage();
  if (final == nullptr || ts_node_is_null(final->from)) return none("the Dockerfile has no FROM");
  if (const model::InstructionInfo* at = m.instruction_at(offset);
      at != nullptr && at->stage >= 0 && static_cast<std::size_t>(at->stage) != final->index) {
    return none(
        fmt::format("the final stage decides which user the container runs as; this is "
                    "stage {}",
                    at->stage));
  }
  const model::EffectiveUser& current = final->user_at_end;
  if (current.origin == model::EffectiveUser::Origin::kInstruction && !current.is_root()) {
    return none(fmt::format("the final stage already runs as '{}'", current.user));
  }
  const BaseFacts base = base_facts(ctx, *final);
  if (current.origin == model::EffectiveUser::Origin::kUnknown &&
      rules::defaults_to_non_root(base.image)) {
    return none(fmt::format("'{}' already runs as a non-root user", base.image));
  }
  const std::optional<UserChoice> choice = choose_user(ctx, *final, base);
  if (!choice) {
    return none(fmt::format("{}; add a non-root USER by hand", base.why_unknown));
  }
  const bool has_shell =
      base.family != BaseFamily::kDistroless && base.family != BaseFamily::kScratch;
  const std::string_view text = ctx.document().text();
  std::vector<findings::TextEdit> edits;

  // The working directory at the end, when the Dockerfile made it and the user may own it.
  std::optional<std::string> workdir;
  if (final->workdir_at_end.path && !ts_node_is_null(final->workdir_at_end.instruction) &&
      ownable_directory(*final->workdir_at_end.path)) {
    workdir = trim_slashes(*final->workdir_at_end.path);
  }

  // COPY/ADD into the working directory: --chown.
  std::size_t chowned = 0;
  for (const std::size_t index : final->instructions) {
    const model::InstructionInfo& info = m.instructions[index];
    if (info.keyword != "copy" && info.keyword != "add") continue;
    if (choice->exists_after && index <= *choice->exists_after) continue;
    if (rules::find_flag(ctx.document(), info.node, "chown")) continue;
    const std::vector<rules::PathOperand> operands =
        rules::path_operands(ctx.document(), info.node);
    if (operands.empty()) continue;
    const std::optional<std::string> dest_value = expanded_word(info, operands.back().node);
    if (!dest_value) continue;
    const std::string_view dest = *dest_value;
    bool into_workdir = false;
    if (rules::is_absolute_path(dest)) {
      const std::string d = trim_slashes(dest);
      into_workdir = workdir && (d == *workdir || d.starts_with(*workdir + "/"));
    } else {
      into_workdir = info.workdir.path && ownable_directory(*info.workdir.path);
    }
    if (!into_workdir) continue;
    const uint32_t at = ts_node_end_byte(rules::keyword_node(info.node));
    edits.push_back({at, at, " --chown=" + choice->owner});
    ++chowned;
  }

  // The new lines: RUN (create the user, own the working directory), then USER.
  std::vector<std::string> commands;
  if (!choice->create.empty()) commands.push_back(choice->create);
  if (workdir && has_shell) {
    commands.push_back(fmt::format("chown {} {}", choice->owner, shell_word(*workdir)));
  }
  if (!commands.empty() && !final->shell_at_end.is_default() &&
      (final->shell_at_end.argv.empty() ||
       !shell::is_shell_program(final->shell_at_end.argv.front()))) {
    return none("the final stage's SHELL is not a POSIX shell, which the new RUN needs");
  }
  std::vector<std::string> lines;
  if (!commands.empty()) {
    std::string run = keyword(ctx, *final, "RUN") + " ";
    for (std::size_t i = 0; i < commands.size(); ++i) run += (i ? " && " : "") + commands[i];
    lines.push_back(run);
  }
  lines.push_back(keyword(ctx, *final, "USER") + " " + choice->user);
  // After the last instruction that builds the filesystem (or the FROM).
  TSNode anchor = final->from;
  for (const std::size_t index : final->instructions) {
    if (!metadata_only(m.instructions[index].keyword)) anchor = m.instructions[index].node;
  }
  const uint32_t anchor_end = ts_node_end_byte(anchor);
  edits.push_back(insert_lines_after(text, anchor_end > 0 ? anchor_end - 1 : 0, lines));

  // What the user should know.
  std::string who;
  switch (choice->source) {
    case UserChoice::Source::kUserInstruction:
      who = fmt::format("switch back to '{}', the non-root user the Dockerfile already uses",
                        choice->user);
      break;
    case UserChoice::Source::kCreatedInDockerfile:
      who = fmt::format("run as '{}', the user the Dockerfile creates", choice->user);
      break;
    case UserChoice::Source::kProvidedByImage:
      who = fmt::format("run as '{}', the non-root user '{}' provides", choice->user, base.image);
      break;
    case UserChoice::Source::kCreated:
      who = fmt::format("create the system user '{}' (UID/GID {}) with {} ({}) and run as it",
                        kNewUserName, kNewUserId, choice->tools, base.distro);
      break;
  }
  std::vector<std::string> gives;
  if (chowned > 0) {
    gives.push_back(fmt::format("the files copied into {} (COPY --chown)",
                                workdir ? *workdir : std::string("the working directory")));
  }
  if (workdir && has_shell) gives.push_back(fmt::format("the directory {}", *workdir));
  std::string description = "Run as a non-root user: " + who;
  if (!gives.empty()) {
    description += "; give it ";
    for (std::size_t i = 0; i < gives.size(); ++i) description += (i ? " and " : "") + gives[i];
  }
  description += fmt::format(
      "; USER {} comes before CMD/ENTRYPOINT. Check that the application needs no root "
      "privileges (ports below 1024, writes outside its directory)",
      choice->user);
  findings::Fix fix{std::move(description), findings::Applicability::kUnsafe,
                    merge_insertions(std::move(edits))};
  // The commands were chosen for the distribution of the image the chain starts from: a fix
  // that edits that FROM, or a global ARG it may take its image from (pin-slim-tag moving to
  // Alpine), makes this one wait a round and be worked out again for the new image.
  const model::Stage& root = chain_root(m, *final);
  fix.reads.push_back({ts_node_start_byte(root.from), ts_node_end_byte(root.from)});
  for (TSNode arg : ctx.preamble()) {
    fix.reads.push_back({ts_node_start_byte(arg), ts_node_end_byte(arg)});
  }
  return {std::move(fix), ""};
}

}  // namespace whalesafe::rewrites
