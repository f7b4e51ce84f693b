// The pin-slim-tag rewrite (issue #4 §2.1): a FROM of a Docker Official Image is rewritten to
// the most precise tag of a maintained, supported build (pin_choice.h), in its small form when
// the stage reaches the final image, and pinned by digest when the settings' digest lookup
// knows one. Only the tag (or the ARG default it comes from) and the digest are edited: the
// image name as written (`docker.io/library/node`), `--platform`, the stage name, comments and
// line endings stay as they are.
#include "rewrites/pin_slim_tag.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>
#include <variant>
#include <vector>

#include "catalog/image_ref.h"
#include "rewrites/pin_choice.h"
#include "rules/base_image.h"
#include "rules/final_image.h"
#include "rules/node_util.h"
#include "rules/official_base.h"
#include "rules/run_commands.h"
#include "rules/stage_platform.h"

namespace whalesafe::rewrites {
namespace {

using rules::BaseImage;
using rules::RuleContext;

bool is_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// What a digest lookup answered, if it is a digest at all (a lookup is someone else's code).
std::optional<std::string> lookup_digest(const RuleContext& ctx, const std::string& reference) {
  if (!ctx.settings().digest_lookup) return std::nullopt;
  std::optional<std::string> digest = ctx.settings().digest_lookup(reference);
  if (!digest || !digest->starts_with("sha256:") || digest->size() != 7 + 64 ||
      !is_hex(std::string_view(*digest).substr(7))) {
    return std::nullopt;
  }
  return digest;
}

// Where the new tag goes: the tag as written in the FROM, or the default of the one global ARG
// the tag (or the whole reference) comes from.
struct Target {
  uint32_t start = 0;  // bytes replaced by the new text
  uint32_t end = 0;
  std::string current;  // what is there now ("" for an insertion)
  std::string before;   // inserted before the new tag (":" when the FROM had no tag)
  std::string prefix;   // literal text the new tag must keep around the ARG's value
  std::string suffix;
  std::string name;              // the image name the new tag goes with (for the digest lookup)
  std::string arg;               // the ARG whose default is edited; "" for the FROM itself
  bool whole_reference = false;  // the ARG holds the whole reference (`FROM ${BASE}`)
  bool digest_allowed = true;    // `@digest` may follow the edited text
};

// The default of the global ARG that `use` refers to: its value node's text range (inside the
// quotes, when quoted), when it is a plain literal.
std::optional<std::pair<uint32_t, uint32_t>> arg_default(const RuleContext& ctx,
                                                         const model::VariableUse& use,
                                                         std::string* arg_name) {
  for (const model::VariableReference& r : ctx.model().references) {
    if (r.use.start != use.start || r.use.end != use.end) continue;
    if (ts_node_is_null(r.declaration) || r.stage != -1) return std::nullopt;
    const TSNode value = rules::field(r.declaration, "default");
    if (ts_node_is_null(value) || rules::contains_expansion(value)) return std::nullopt;
    uint32_t start = ts_node_start_byte(value);
    uint32_t end = ts_node_end_byte(value);
    const std::string_view text = ctx.text(value);
    if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
        text.back() == text.front()) {
      ++start;
      --end;
    }
    const std::string_view inner =
        std::string_view(ctx.document().text()).substr(start, end - start);
    if (inner.find_first_of("\\\"'` \t\r\n") != std::string_view::npos) return std::nullopt;
    // The default is this FROM's alone: another use of the name (another FROM, a stage that
    // redeclares the ARG) would change with it.
    for (const model::VariableReference& other : ctx.model().references) {
      if (other.use.name == use.name && other.use.start != use.start) return std::nullopt;
    }
    *arg_name = r.use.name;
    return std::make_pair(start, end);
  }
  return std::nullopt;
}

std::variant<Target, std::string> find_target(const RuleContext& ctx, const BaseImage& b) {
  Target t;
  const std::string_view doc = ctx.document().text();
  const bool tag_literal = !ts_node_is_null(b.tag) && !rules::contains_expansion(b.tag);
  if (!b.uses_variables || tag_literal) {
    if (!ts_node_is_null(b.tag)) {
      t.start = ts_node_start_byte(b.tag);
      t.end = ts_node_end_byte(b.tag);
      t.current = std::string(ctx.text(b.tag));
    } else {
      t.start = t.end = ts_node_end_byte(b.name);
      t.before = ":";
    }
    if (!ts_node_is_null(b.digest)) t.end = ts_node_end_byte(b.digest);  // the digest goes too
    if (!b.uses_variables) {
      t.name = b.name_text;
    } else if (b.resolved) {
      t.name = catalog::split_reference(*b.resolved).name;
    }
    return t;
  }
  if (!b.resolved) return std::string("the image comes from a build argument without a default");
  const model::Stage& stage = ctx.model().stages[b.stage->index];
  const auto& uses = stage.base.word.expansion.uses;
  if (uses.size() != 1 || uses[0].op != model::ExpansionOperator::kNone) {
    return std::string(
        "the tag is built from several variables or with a substitution; edit the build "
        "arguments by hand");
  }
  const model::VariableUse& use = uses[0];
  const auto range = arg_default(ctx, use, &t.arg);
  if (!range) {
    return fmt::format(
        "'{}' is not a literal global ARG default used by this FROM alone; edit it by hand",
        use.name);
  }
  t.start = range->first;
  t.end = range->second;
  t.current = std::string(doc.substr(t.start, t.end - t.start));
  const uint32_t spec_start = ts_node_start_byte(b.spec);
  const uint32_t spec_end = ts_node_end_byte(b.spec);
  const catalog::ImageRef ref = catalog::split_reference(*b.resolved);
  t.name = ref.name;
  if (use.start == spec_start && use.end == spec_end) {
    // `FROM ${BASE}`: the ARG holds the whole reference; the new one keeps its name.
    t.whole_reference = true;
    return t;
  }
  if (ts_node_is_null(b.tag) || use.start < ts_node_start_byte(b.tag) ||
      use.end > ts_node_end_byte(b.tag) || !ts_node_is_null(b.digest)) {
    return std::string("the variable is not part of the tag");
  }
  t.prefix =
      std::string(doc.substr(ts_node_start_byte(b.tag), use.start - ts_node_start_byte(b.tag)));
  t.suffix = std::string(doc.substr(use.end, ts_node_end_byte(b.tag) - use.end));
  // `@digest` after the ARG's value would sit inside the tag when literal text follows it.
  t.digest_allowed = t.suffix.empty() && use.end == spec_end;
  return t;
}

// Only a digest can be offered: the catalog does not know the image (another registry or
// namespace). The reference as written gets `@digest`.
StagePin digest_only(const RuleContext& ctx, const BaseImage& b, std::string why) {
  StagePin pin;
  if (b.uses_variables || !ts_node_is_null(b.digest)) {
    pin.outcome.why_not = std::move(why);
    return pin;
  }
  const std::string reference(ctx.text(b.spec));
  const std::optional<std::string> digest = lookup_digest(ctx, reference);
  if (!digest) {
    pin.outcome.why_not = fmt::format("{}; and no digest is known for '{}'", why, reference);
    return pin;
  }
  const uint32_t end = ts_node_end_byte(b.spec);
  pin.outcome.fix = findings::Fix{fmt::format("Pin {} by digest", reference),
                                  findings::Applicability::kUnsafe,
                                  {{end, end, "@" + *digest}}};
  pin.adds_digest = true;
  return pin;
}

// True when the tag names an Alpine build (`3.12-alpine`, `1.26-alpine3.22`).
bool alpine_tag(std::string_view tag) { return tag.find("alpine") != std::string_view::npos; }

// Programs an Alpine image does not have, which a Debian-based (or RHEL-based) image does:
// other package managers and their tools, the shadow suite's user commands, bash. A stage that
// runs one of them must not move to an Alpine small form, or its build breaks.
bool alpine_lacks(std::string_view program) {
  // Other distributions' package managers and their tools.
  static constexpr std::array<std::string_view, 14> kPackageTools{"apt-get",
                                                                  "apt",
                                                                  "aptitude",
                                                                  "dpkg",
                                                                  "dpkg-reconfigure",
                                                                  "apt-key",
                                                                  "locale-gen",
                                                                  "update-alternatives",
                                                                  "debconf-set-selections",
                                                                  "yum",
                                                                  "dnf",
                                                                  "microdnf",
                                                                  "rpm",
                                                                  "zypper"};
  // The shadow suite (BusyBox has addgroup/adduser instead), and bash.
  static constexpr std::array<std::string_view, 6> kOthers{"groupadd", "useradd", "usermod",
                                                           "groupmod", "userdel", "bash"};
  return std::find(kPackageTools.begin(), kPackageTools.end(), program) != kPackageTools.end() ||
         std::find(kOthers.begin(), kOthers.end(), program) != kOthers.end();
}

StagePin plan_stage(const RuleContext& ctx, const rules::SyntaxStage& stage) {
  StagePin pin;
  const BaseImage* found = nullptr;
  for (const BaseImage& b : rules::base_images(ctx)) {
    if (b.stage == &stage) found = &b;
  }
  if (!found || found->is_scratch || found->is_stage) {
    pin.outcome.why_not = "this FROM does not name an image";
    return pin;
  }
  const BaseImage& b = *found;
  const std::optional<rules::OfficialBase> o = rules::official_base(ctx, b);
  if (!o) return digest_only(ctx, b, "the image catalog knows only Docker Official Images");
  if (o->has_digest && !ended(o->image, o->tag, ctx.eol_date())) {
    pin.outcome.why_not = "a digest pins this image on purpose";
    return pin;
  }
  auto target = find_target(ctx, b);
  if (auto* why = std::get_if<std::string>(&target)) {
    pin.outcome.why_not = std::move(*why);
    return pin;
  }
  Target& t = std::get<Target>(target);
  PinRequest request{.image = o->image,
                     .tag = o->tag,
                     .small = rules::reaches_final_image(ctx, stage.index),
                     .day = ctx.eol_date(),
                     .prefix = t.prefix,
                     .suffix = t.suffix};
  PinPlan plan = choose_pin(request);
  // An Alpine small form of a build that is not Alpine changes the distribution: only when the
  // stages on it run nothing Alpine lacks (`apt-get`, `useradd`, bash, ...).
  if (plan.choice && plan.choice->smaller && alpine_tag(plan.choice->tag) && !alpine_tag(o->tag) &&
      non_alpine_program(ctx, stage.index)) {
    request.small = false;
    plan = choose_pin(request);
  }
  // `--platform` must stay served: a small form published for fewer platforms is not one.
  const model::Stage& model_stage = ctx.model().stages[stage.index];
  const std::optional<catalog::Platform> platform =
      model_stage.platform ? rules::constant_platform(*model_stage.platform) : std::nullopt;
  if (plan.choice && platform && !rules::tag_serves(o->image, plan.choice->tag, *platform)) {
    request.small = false;
    plan = choose_pin(request);
    if (plan.choice && !rules::tag_serves(o->image, plan.choice->tag, *platform)) {
      plan = PinPlan{std::nullopt, fmt::format("'{}:{}' is not published for {}", o->image,
                                               plan.choice->tag, platform->to_string())};
    }
  }
  if (!plan.choice) {
    pin.outcome.why_not = plan.why_not;
    return pin;
  }
  const PinChoice& choice = *plan.choice;
  const std::string reference = fmt::format("{}:{}", t.name, choice.tag);
  const std::optional<std::string> digest =
      t.digest_allowed ? lookup_digest(ctx, reference) : std::nullopt;
  std::string text;
  if (t.whole_reference) {
    text = reference;
  } else if (!t.arg.empty()) {
    text =
        choice.tag.substr(t.prefix.size(), choice.tag.size() - t.prefix.size() - t.suffix.size());
  } else {
    text = t.before + choice.tag;
  }
  if (digest) text += "@" + *digest;
  const bool drops_digest = !ts_node_is_null(b.digest) && !digest;
  if (text == t.current) {
    pin.outcome.why_not =
        fmt::format("'{}' is already the most precise tag of its build", reference);
    return pin;
  }
  std::string description =
      fmt::format("Pin {0} to {0}:{1}{2}", o->image, choice.tag, digest ? " by digest" : "");
  if (!t.arg.empty()) description += fmt::format(" (the default of ARG {})", t.arg);
  if (drops_digest) description += ", dropping the old release's digest";
  pin.outcome.fix = findings::Fix{
      std::move(description), findings::Applicability::kUnsafe, {{t.start, t.end, text}}};
  pin.adds_digest = digest.has_value();
  return pin;
}

}  // namespace

std::optional<std::string> non_alpine_program(const RuleContext& ctx, std::size_t stage) {
  const model::Model& m = ctx.model();
  // The stage and those built on it, directly or through others (a base is always earlier).
  std::vector<bool> on(m.stages.size(), false);
  if (stage >= on.size()) return std::nullopt;
  on[stage] = true;
  for (std::size_t i = stage + 1; i < m.stages.size(); ++i) {
    on[i] = m.stages[i].base.stage && *m.stages[i].base.stage < i && on[*m.stages[i].base.stage];
  }
  for (const model::InstructionInfo& info : m.instructions) {
    if (info.stage < 0 || !on[static_cast<std::size_t>(info.stage)]) continue;
    if (!info.shell.argv.empty() && info.shell.argv.front().ends_with("bash")) {
      return info.shell.argv.front();  // SHELL ["/bin/bash", ...]
    }
  }
  for (const rules::RunCommand& rc : rules::run_commands(ctx)) {
    const model::InstructionInfo* info =
        m.instruction_at(ts_node_start_byte(rc.shell->source.instruction));
    if (info == nullptr || info->stage < 0 || !on[static_cast<std::size_t>(info->stage)]) continue;
    if (alpine_lacks(rc.program)) return rc.program;
  }
  return std::nullopt;
}

const StagePin& pin_for_stage(const RuleContext& ctx, std::size_t stage) {
  struct Pins {
    std::vector<StagePin> by_stage;
  };
  const Pins& pins = ctx.shared_fact<Pins>([&] {
    Pins out;
    for (const rules::SyntaxStage& s : ctx.stages()) out.by_stage.push_back(plan_stage(ctx, s));
    return out;
  });
  static const StagePin none{{std::nullopt, "no such stage"}, false};
  return stage < pins.by_stage.size() ? pins.by_stage[stage] : none;
}

RewriteOutcome plan_pin_slim_tag(const rules::RuleContext& ctx, uint32_t offset) {
  for (const rules::SyntaxStage& stage : ctx.stages()) {
    if (offset >= ts_node_start_byte(stage.from) && offset <= ts_node_end_byte(stage.from)) {
      return pin_for_stage(ctx, stage.index).outcome;
    }
  }
  return {std::nullopt, "not on a FROM instruction"};
}

}  // namespace whalesafe::rewrites
