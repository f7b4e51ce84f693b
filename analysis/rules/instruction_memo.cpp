#include "rules/instruction_memo.h"

#include <cstring>
#include <functional>

#include "rules/rule_context.h"
#include "rules/runner.h"
#include "syntax/tree_util.h"

namespace whalesafe::rules {

std::size_t memo_detail::KeyHash::operator()(std::string_view key) const noexcept {
  return std::hash<std::string_view>{}(key);
}

namespace {

using findings::Diagnostic;

using Span = syntax::Document::LineSpan;

bool inside(const Diagnostic& d, Span span) {
  if (d.start_byte < span.start || d.end_byte > span.end) return false;
  if (d.fix) {
    for (const findings::TextEdit& e : d.fix->edits) {
      if (e.start_byte < span.start || e.end_byte > span.end) return false;
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
  }
}

void append_u32(std::string& out, uint32_t value) {
  char bytes[sizeof value];
  std::memcpy(bytes, &value, sizeof value);
  out.append(bytes, sizeof value);
}

// What every instruction-scoped finding may depend on besides its instruction's lines: the
// parser directives, the global ARGs, every FROM and every SHELL instruction.
std::string skeleton_of(const RuleContext& context) {
  std::string out;
  const syntax::Directives& directives = context.directives();
  for (const syntax::Directive& d : directives.directives) {
    out.append(d.name).append("=").append(d.value).push_back('\0');
  }
  out.push_back(directives.escape);
  out.push_back(directives.error ? '!' : ' ');
  bool in_stage = false;
  for (const TSNode node : context.instructions()) {
    const std::string_view type = syntax::type_of(node);
    const bool from = type == "from_instruction";
    in_stage = in_stage || from;
    if (!in_stage || from || type == "shell_instruction") {
      out.push_back('\0');
      out.append(context.text(node));
    }
  }
  return out;
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
    key.assign(text, span.start, span.end - span.start);
    append_u32(key, stage);
    append_u32(key, shells_before);
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
