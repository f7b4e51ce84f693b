#include "shell/shell_memo.h"

#include <iterator>
#include <optional>
#include <utility>

namespace whalesafe::shell {
namespace {

void shift(ByteRange& r, int64_t delta) {
  r.start = static_cast<uint32_t>(r.start + delta);
  r.end = static_cast<uint32_t>(r.end + delta);
}

void shift(MappedRange& m, int64_t delta) {
  shift(m.covering, delta);
  for (ByteRange& piece : m.pieces) shift(piece, delta);
}

void shift(Word& w, int64_t delta) { shift(w.doc, delta); }

void shift(Span& s, int64_t delta) { shift(s.doc, delta); }

void shift(std::optional<Span>& s, int64_t delta) {
  if (s) shift(*s, delta);
}

void shift(Invocation& inv, int64_t delta) {
  shift(inv.action_span, delta);
  for (Package& p : inv.packages) {
    shift(p.span, delta);
    shift(p.version_span, delta);
  }
  for (Flag& f : inv.flags) {
    shift(f.span, delta);
    shift(f.value_span, delta);
  }
  for (Span& s : inv.operands) shift(s, delta);
  for (Span& s : inv.urls) shift(s, delta);
  shift(inv.output, delta);
}

// Every Dockerfile offset of `shell` (those map_script fills, and the map itself) moves by
// `delta`; its shell-text offsets stay.
void shift(AnalyzedShell& shell, int64_t delta) {
  shell.source.map.shift(delta);
  for (Command& c : shell.script.commands) {
    shift(c.doc, delta);
    if (c.name) shift(*c.name, delta);
    for (Word& w : c.args) shift(w, delta);
    for (Assignment& a : c.assignments) {
      shift(a.doc, delta);
      if (a.value) shift(*a.value, delta);
    }
    for (Redirect& r : c.redirects) {
      shift(r.doc, delta);
      if (r.target) shift(*r.target, delta);
    }
  }
  if (shell.invocations) {
    for (Invocation& inv : *shell.invocations) shift(inv, delta);
  }
}

}  // namespace

std::vector<AnalyzedShell> ShellMemo::analyze_document(const syntax::Document& doc, char escape,
                                                       ParseCache& cache) {
  if (escape != escape_) {
    entries_.clear();
    escape_ = escape;
  }
  ++analysis_;
  const std::vector<TSNode>& instructions = doc.instructions();
  cache.reserve(4 * instructions.size());  // as shell::analyze_document
  handed_.clear();
  handed_.reserve(instructions.size());
  std::vector<AnalyzedShell> out;
  for (const TSNode instruction : instructions) {
    const uint32_t start = ts_node_start_byte(instruction);
    const std::string_view text = doc.node_text(instruction);
    auto found = entries_.find(text);
    Handed handed{nullptr, start, 0};
    // Every entry in the lists is an earlier analysis's (keep adds this one's).
    if (found != entries_.end() && !found->second.empty()) {
      Entry& entry = found->second.back();
      const int64_t delta = static_cast<int64_t>(start) - static_cast<int64_t>(entry.start);
      // The node the shells were made from (the wrapped one under ONBUILD), in this tree.
      const bool onbuild = !entry.shells.empty() && entry.shells.front().source.onbuild;
      const TSNode source_node =
          onbuild ? ts_node_child_by_field_name(instruction, "instruction", 11) : instruction;
      for (AnalyzedShell& s : entry.shells) {
        s.source.instruction = source_node;
        if (delta != 0) shift(s, delta);
        out.push_back(std::move(s));
        ++handed.count;
      }
      found->second.pop_back();
      ++stats_.reused;
    } else {
      for (AnalyzedShell& s : analyze_instruction(doc, instruction, cache)) {
        out.push_back(std::move(s));
        ++handed.count;
      }
      ++stats_.analysed;
      if (found == entries_.end()) found = entries_.try_emplace(std::string(text)).first;
    }
    handed.slot = &found->second;
    handed_.push_back(handed);
  }
  return out;
}

void ShellMemo::keep(std::vector<AnalyzedShell> shells) {
  std::size_t total = 0;
  for (const Handed& h : handed_) total += h.count;
  if (total != shells.size()) {  // not the vector handed out: keep nothing rather than garbage
    entries_.clear();
    handed_.clear();
    return;
  }
  // What this analysis did not reuse goes: every entry made before it is still in the lists.
  for (auto& [key, list] : entries_) {
    std::erase_if(list, [&](const Entry& e) { return e.analysis < analysis_; });
  }
  auto next = std::make_move_iterator(shells.begin());
  for (Handed& h : handed_) {
    Entry entry{h.start, {}, analysis_};
    entry.shells.reserve(h.count);
    for (std::size_t i = 0; i < h.count; ++i, ++next) entry.shells.push_back(*next);
    h.slot->push_back(std::move(entry));
  }
  handed_.clear();
  std::erase_if(entries_, [](const auto& kv) { return kv.second.empty(); });
}

}  // namespace whalesafe::shell
