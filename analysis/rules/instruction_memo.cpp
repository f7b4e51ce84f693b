#include "rules/instruction_memo.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <vector>

#include "rules/package_util.h"
#include "rules/rule_context.h"
#include "rules/runner.h"
#include "syntax/tree_util.h"

namespace whalesafe::rules {

namespace {

using findings::Diagnostic;

using Span = syntax::Document::LineSpan;

bool inside(const Diagnostic& d, Span span) {
  if (d.start_byte < span.start || d.end_byte > span.end) return false;
  if (d.fix) {
    for (const findings::TextEdit& e : d.fix->edits) {
      if (e.start_byte < span.start || e.end_byte > span.end) return false;
    }
    for (const findings::TextRange& r : d.fix->reads) {
      if (r.start_byte < span.start || r.end_byte > span.end) return false;
    }
  }
  return true;
}

// Moves every offset of `d` by `delta` (which the caller knows keeps them in range).
void shift(Diagnostic& d, int64_t delta) {
  const auto moved = [delta](uint32_t offset) {
    return static_cast<uint32_t>(static_cast<int64_t>(offset) + delta);
  };
  d.start_byte = moved(d.start_byte);
  d.end_byte = moved(d.end_byte);
  if (d.fix) {
    for (findings::TextEdit& e : d.fix->edits) {
      e.start_byte = moved(e.start_byte);
      e.end_byte = moved(e.end_byte);
    }
    for (findings::TextRange& r : d.fix->reads) {
      r.start_byte = moved(r.start_byte);
      r.end_byte = moved(r.end_byte);
    }
  }
}

void append_u32(std::string& out, uint32_t value) {
  char bytes[sizeof value];
  std::memcpy(bytes, &value, sizeof value);
  out.append(bytes, sizeof value);
}

// What every instruction-scoped finding may depend on besides its instruction's lines and its
// stage's place (below): the parser directives and the instructions before the first FROM (the
// global ARGs, which FROM lines expand).
std::string skeleton_of(const RuleContext& context) {
  std::string out;
  const syntax::Directives& directives = context.directives();
  for (const syntax::Directive& d : directives.directives) {
    out.append(d.name).append("=").append(d.value).push_back('\0');
  }
  out.push_back(directives.escape);
  out.push_back(directives.error ? '!' : ' ');
  for (const TSNode node : context.instructions()) {
    if (syntax::type_of(node) == "from_instruction") break;
    out.push_back('\0');
    out.append(context.text(node));
  }
  return out;
}

// Per stage, what its instructions' findings may depend on besides their own lines: whether
// the stage reaches the final image, and the FROM and SHELL instructions of the stage and of
// the stages it is built FROM (which decide its base image, and so whether it runs on Windows,
// and the shell in force). An edit of another stage's FROM leaves these alone, and with them
// the findings of this stage's instructions. When the model's stages do not line up with the
// FROM instructions (never expected), every stage's place is all of the document's FROM and
// SHELL instructions, as broad as the memo's keys used to be.
std::vector<std::string> stage_places(const RuleContext& context) {
  std::vector<std::vector<std::string_view>> own;  // per stage: its FROM, then its SHELLs
  std::vector<uint32_t> from_starts;
  for (const TSNode node : context.instructions()) {
    const std::string_view type = syntax::type_of(node);
    if (type == "from_instruction") {
      own.emplace_back().push_back(context.text(node));
      from_starts.push_back(ts_node_start_byte(node));
    } else if (type == "shell_instruction" && !own.empty()) {
      own.back().push_back(context.text(node));
    }
  }
  const model::Model& model = context.model();
  bool aligned = model.stages.size() == own.size();
  for (std::size_t i = 0; aligned && i < own.size(); ++i) {
    aligned = !ts_node_is_null(model.stages[i].from) &&
              ts_node_start_byte(model.stages[i].from) == from_starts[i];
  }
  std::vector<std::string> places(own.size());
  if (!aligned) {
    std::string all;
    for (const auto& texts : own) {
      for (std::string_view t : texts) all.append(t).push_back('\0');
    }
    std::fill(places.begin(), places.end(), all);
    return places;
  }
  const std::vector<bool> in_final = stages_in_final_image(model);
  for (std::size_t i = 0; i < own.size(); ++i) {
    std::string& place = places[i];
    place.push_back(in_final[i] ? 'F' : '-');
    // Follow `FROM <stage>` (always an earlier stage) to the image the chain starts from.
    const model::Stage* stage = &model.stages[i];
    for (std::size_t hops = 0; stage != nullptr && hops <= own.size(); ++hops) {
      for (std::string_view t : own[stage->index]) place.append(t).push_back('\0');
      place.push_back('\1');
      stage = stage->base.stage ? &model.stages[*stage->base.stage] : nullptr;
    }
  }
  return places;
}

}  // namespace

void InstructionMemo::clear() {
  entries_.clear();
  skeleton_.clear();
  selection_ = nullptr;
  settings_ = nullptr;
}

MemoStats InstructionMemo::stats() const {
  MemoStats s = stats_;
  s.size = entries_.size();
  return s;
}

void InstructionMemo::check(const RuleContext& context, const RuleSelection& selection,
                            const RuleSettings& settings, std::vector<Diagnostic>& out) {
  std::vector<const EnabledRule*> rules;
  for (const EnabledRule& e : selection.rules) {
    if (e.rule->check != nullptr && e.rule->scope == RuleScope::kInstruction) rules.push_back(&e);
  }
  if (rules.empty()) return;

  std::string skeleton = skeleton_of(context);
  if (selection_ != &selection || settings_ != &settings || skeleton != skeleton_) {
    clear();
    selection_ = &selection;
    settings_ = &settings;
    skeleton_ = std::move(skeleton);
  }
  ++analysis_;

  const syntax::Document& doc = context.document();
  const std::string& text = doc.text();
  const std::vector<std::string> places = stage_places(context);
  uint32_t stage = UINT32_MAX;  // the preamble
  uint32_t shells_before = 0;
  std::string key;
  std::vector<Diagnostic> found;
  for (const TSNode node : context.instructions()) {
    const std::string_view type = syntax::type_of(node);
    if (type == "from_instruction") {
      ++stage;  // UINT32_MAX + 1 == 0: the first stage
      shells_before = 0;
    }
    const Span span = doc.lines_of(node);
    // The lines' length first: the place after them varies in length too, and a key must
    // never be read two ways (the lines may hold any byte).
    key.clear();
    append_u32(key, span.end - span.start);
    key.append(text, span.start, span.end - span.start);
    append_u32(key, stage);
    append_u32(key, shells_before);
    if (stage < places.size()) key.append(places[stage]);
    if (type == "shell_instruction") ++shells_before;

    const auto it = entries_.find(std::string_view(key));
    if (it != entries_.end()) {
      it->second.used = analysis_;
      if (it->second.cacheable) {
        ++stats_.hits;
        for (const Diagnostic& d : it->second.diagnostics) {
          out.push_back(d);
          shift(out.back(), span.start);
        }
        continue;
      }
    }
    ++stats_.misses;

    found.clear();
    const RuleContext one(context, node);
    for (const EnabledRule* e : rules) {
      Reporter reporter(*e->rule, e->severity, found);
      e->rule->check(one, reporter);
    }
    Entry entry;
    entry.used = analysis_;
    for (const Diagnostic& d : found) entry.cacheable = entry.cacheable && inside(d, span);
    if (!entry.cacheable) ++stats_.uncacheable;
    if (entry.cacheable) {
      entry.diagnostics = found;
      for (Diagnostic& d : entry.diagnostics) shift(d, -static_cast<int64_t>(span.start));
    }
    if (it == entries_.end()) entries_.emplace(key, std::move(entry));
    out.insert(out.end(), std::make_move_iterator(found.begin()),
               std::make_move_iterator(found.end()));
  }

  // Keep this analysis's entries and the previous one's (an edit typed and undone finds its
  // instruction again); drop the rest once they outnumber the document's instructions.
  if (entries_.size() > 2 * context.instructions().size() + 16) {
    std::erase_if(entries_, [&](const auto& kv) { return kv.second.used + 1 < analysis_; });
  }
}

}  // namespace whalesafe::rules
