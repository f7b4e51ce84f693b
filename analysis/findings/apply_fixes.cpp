#include "findings/apply_fixes.h"

#include <algorithm>

namespace whalesafe::findings {
namespace {

// Half-open ranges overlap when they share a byte; two insertions at the same point also
// conflict (their order would be arbitrary).
bool overlaps(const TextEdit& a, const TextEdit& b) {
  if (a.start_byte == a.end_byte && b.start_byte == b.end_byte) {
    return a.start_byte == b.start_byte;
  }
  return a.start_byte < b.end_byte && b.start_byte < a.end_byte;
}

bool well_formed(const Fix& fix, std::size_t text_size) {
  for (std::size_t i = 0; i < fix.edits.size(); ++i) {
    const TextEdit& e = fix.edits[i];
    if (e.start_byte > e.end_byte || e.end_byte > text_size) return false;
    for (std::size_t j = i + 1; j < fix.edits.size(); ++j) {
      if (overlaps(e, fix.edits[j])) return false;
    }
  }
  return !fix.edits.empty();
}

// True when the text's first line ends with CRLF: the line ends fixes must write too.
bool uses_crlf(std::string_view text) {
  const std::size_t lf = text.find('\n');
  return lf != std::string_view::npos && lf > 0 && text[lf - 1] == '\r';
}

// Appends `inserted`, writing its bare LFs as CRLF when `crlf` (rules write "\n"; a CRLF file
// must not get mixed line ends: the fuzzer found SHELL lines inserted with LF).
void append_edit(std::string& out, std::string_view inserted, bool crlf) {
  if (!crlf) {
    out.append(inserted);
    return;
  }
  for (const char c : inserted) {
    if (c == '\n' && (out.empty() || out.back() != '\r')) out += '\r';
    out += c;
  }
}

}  // namespace

FixResult apply_fixes(std::string_view text, const std::vector<Diagnostic>& diagnostics,
                      bool include_unsafe) {
  std::vector<std::size_t> fixes;  // indices into `diagnostics`
  for (std::size_t i = 0; i < diagnostics.size(); ++i) {
    const Diagnostic& d = diagnostics[i];
    if (!d.fix) continue;
    if (d.fix->applicability == Applicability::kUnsafe && !include_unsafe) continue;
    fixes.push_back(i);
  }
  // Earliest fix first, so the result does not depend on the order rules ran in.
  const auto first_byte = [&](std::size_t i) {
    uint32_t first = UINT32_MAX;
    for (const TextEdit& e : diagnostics[i].fix->edits) first = std::min(first, e.start_byte);
    return first;
  };
  std::stable_sort(fixes.begin(), fixes.end(),
                   [&](std::size_t a, std::size_t b) { return first_byte(a) < first_byte(b); });

  FixResult result;
  std::vector<TextEdit> accepted;
  std::vector<TextRange> read;  // what the accepted fixes were worked out from
  // An edit touches a range it changes, or inserts into (an insertion at either end leaves the
  // range's text as it was).
  const auto touches = [](const TextEdit& e, const TextRange& r) {
    return e.start_byte == e.end_byte ? r.start_byte < e.start_byte && e.start_byte < r.end_byte
                                      : e.start_byte < r.end_byte && r.start_byte < e.end_byte;
  };
  for (const std::size_t index : fixes) {
    const Fix* fix = &*diagnostics[index].fix;
    bool ok = well_formed(*fix, text.size());
    for (const TextEdit& e : fix->edits) {
      for (const TextEdit& a : accepted) ok = ok && !overlaps(e, a);
      for (const TextRange& r : read) ok = ok && !touches(e, r);
    }
    for (const TextRange& r : fix->reads) {
      for (const TextEdit& a : accepted) ok = ok && !touches(a, r);
    }
    if (!ok) {
      ++result.skipped;
      continue;
    }
    accepted.insert(accepted.end(), fix->edits.begin(), fix->edits.end());
    read.insert(read.end(), fix->reads.begin(), fix->reads.end());
    ++result.applied;
    result.applied_indices.push_back(index);
  }
  // By start, and an insertion before a replacement that starts where it is inserted (they do
  // not overlap, so both are accepted): ordered by start alone, the sort could put the
  // replacement first, and the insertion's `start_byte - at` below would then wrap around and
  // copy the rest of the file again (the fuzzer found a file that grew every round).
  std::sort(accepted.begin(), accepted.end(), [](const TextEdit& a, const TextEdit& b) {
    return a.start_byte != b.start_byte ? a.start_byte < b.start_byte : a.end_byte < b.end_byte;
  });
  const bool crlf = uses_crlf(text);
  std::size_t at = 0;
  for (const TextEdit& e : accepted) {
    result.text.append(text.substr(at, e.start_byte - at));
    const std::size_t written = result.text.size();
    append_edit(result.text, e.new_text, crlf);
    result.edits.push_back({e.start_byte, e.end_byte, result.text.substr(written)});
    at = e.end_byte;
  }
  result.text.append(text.substr(at));
  return result;
}

}  // namespace whalesafe::findings
