#include "syntax/syntax_memo.h"

#include "syntax/directives.h"

namespace whalesafe::syntax {

std::vector<Diagnostic> SyntaxMemo::diagnostics(const Document& doc) {
  if (ts_node_has_error(doc.root())) {
    ++stats_.whole;
    return syntax_diagnostics(doc);
  }
  ++analysis_;
  const std::string& text = doc.text();
  const char escape = read_directives(text).escape;
  std::vector<Diagnostic> out = document_syntax_diagnostics(doc);
  std::string key;
  for (const TSNode node : doc.instructions()) {
    const auto [start, end] = doc.lines_of(node);
    key.assign(1, escape);
    key.append(text, start, end - start);
    auto it = entries_.find(key);
    if (it == entries_.end()) {
      ++stats_.misses;
      std::vector<Diagnostic> found = instruction_syntax_diagnostics(doc, node, escape);
      bool inside = true;
      for (const Diagnostic& d : found)
        inside = inside && d.start_byte >= start && d.end_byte <= end;
      if (!inside) {  // never expected: report them, but do not keep them
        out.insert(out.end(), found.begin(), found.end());
        continue;
      }
      for (Diagnostic& d : found) {
        d.start_byte -= start;
        d.end_byte -= start;
      }
      it = entries_.emplace(key, Entry{std::move(found), 0}).first;
    } else {
      ++stats_.hits;
    }
    it->second.used = analysis_;
    for (const Diagnostic& d : it->second.diagnostics) {
      Diagnostic moved = d;
      moved.start_byte += start;
      moved.end_byte += start;
      out.push_back(std::move(moved));
    }
  }
  // Instructions no longer in the document are dropped, so that the memo stays the size of it.
  std::erase_if(entries_, [this](const auto& entry) { return entry.second.used != analysis_; });
  order_syntax_diagnostics(out);
  return out;
}

}  // namespace whalesafe::syntax
