#include "model/model_dump.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string_view>

namespace whalesafe::model {
namespace {

std::string at(const syntax::Document& doc, uint32_t byte) {
  const syntax::LineCol lc = doc.line_col(byte);
  return fmt::format("{}:{}", lc.line, lc.column);
}

std::string variable(const Variable& v) {
  std::string kind;
  switch (v.kind) {
    case VariableKind::kPlatformArg:
      kind = "platform ARG";
      break;
    case VariableKind::kGlobalArg:
      kind = "global ARG";
      break;
    case VariableKind::kArg:
      kind = "ARG";
      break;
    case VariableKind::kEnv:
      kind = "ENV";
      break;
  }
  if (v.from_build_arg) kind += ", build arg";
  if (v.imported_global) kind += ", global default";
  if (!v.value) return fmt::format("{} ({}, no value)", v.name, kind);
  return fmt::format("{}=\"{}\" ({})", v.name, *v.value, kind);
}

std::string user(const syntax::Document& doc, const EffectiveUser& u) {
  switch (u.origin) {
    case EffectiveUser::Origin::kUnknown:
      return "unknown (base image default)";
    case EffectiveUser::Origin::kScratch:
      return "root (scratch)";
    case EffectiveUser::Origin::kInstruction:
      break;
  }
  return fmt::format("{} (USER at {})", u.user, at(doc, ts_node_start_byte(u.instruction)));
}

std::string source(const syntax::Document& doc, const StageSource& s) {
  std::string what;
  switch (s.kind) {
    case StageSource::Kind::kStage:
      what = fmt::format("stage {} by {}", *s.stage, s.by_index ? "index" : "name");
      break;
    case StageSource::Kind::kImage:
      what = "image " + s.value;
      break;
    case StageSource::Kind::kInvalidIndex:
      what = "invalid stage index " + s.value;
      break;
    case StageSource::Kind::kVariable:
      what = "unexpanded variable " + s.value;
      break;
  }
  return fmt::format("{} ({} at {})", what, s.mount ? "RUN --mount from" : "COPY --from",
                     at(doc, s.range.start_byte));
}

}  // namespace

std::string dump_model(const syntax::Document& doc, const Model& model) {
  std::string out;
  for (const auto& [name, v] : model.global_scope->all()) {
    if (v->kind != VariableKind::kPlatformArg) out += "global: " + variable(*v) + "\n";
  }
  for (const Stage& s : model.stages) {
    out += fmt::format("stage {}", s.index);
    if (!s.name.empty())
      out += fmt::format(" \"{}\"{}", s.name, s.name_valid ? "" : " (invalid name)");
    out += ": FROM " + s.base.word.written;
    if (!s.base.resolved) {
      out += " => error";
    } else {
      if (*s.base.resolved != s.base.word.written) out += " => " + *s.base.resolved;
      if (s.base.stage) {
        out += fmt::format(" (stage {})", *s.base.stage);
      } else {
        out += s.base.scratch ? " (scratch)" : " (image)";
      }
    }
    if (s.platform) out += " --platform=" + s.platform->value();
    if (s.is_final) out += " [final]";
    out += "\n";
    for (const StageSource& src : s.sources) out += "  from: " + source(doc, src) + "\n";
    for (const auto& [name, v] : s.scope_at_end->all()) out += "  scope: " + variable(*v) + "\n";
    out += "  user: " + user(doc, s.user_at_end) + "\n";
    if (s.workdir_at_end.path) out += "  workdir: " + *s.workdir_at_end.path + "\n";
    if (!s.shell_at_end.is_default()) {
      out += fmt::format("  shell: {} (SHELL at {})\n", fmt::join(s.shell_at_end.argv, " "),
                         at(doc, ts_node_start_byte(s.shell_at_end.instruction)));
    }
  }
  for (const VariableReference* r : model.undefined_references()) {
    out += fmt::format("undefined: {} at {}{}\n",
                       std::string_view(doc.text()).substr(r->use.start, r->use.end - r->use.start),
                       at(doc, static_cast<uint32_t>(r->use.start)),
                       r->image_env_unknown ? " (may be set by the base image)" : "");
  }
  for (const ExpansionProblem& p : model.problems) {
    out += fmt::format("problem: {} at {}\n", p.error.message,
                       at(doc, static_cast<uint32_t>(p.error.start)));
  }
  return out;
}

}  // namespace whalesafe::model
