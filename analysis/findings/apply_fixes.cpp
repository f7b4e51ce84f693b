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
  for (const std::size_t index : fixes) {
    const Fix* fix = &*diagnostics[index].fix;
    bool ok = well_formed(*fix, text.size());
    for (const TextEdit& e : fix->edits) {
      for (const TextEdit& a : accepted) ok = ok && !overlaps(e, a);
    }
    if (!ok) {
      ++result.skipped;
      continue;
    }
    accepted.insert(accepted.end(), fix->edits.begin(), fix->edits.end());
    ++result.applied;
    result.applied_indices.push_back(index);
  }
  std::sort(accepted.begin(), accepted.end(),
            [](const TextEdit& a, const TextEdit& b) { return a.start_byte < b.start_byte; });
  std::size_t at = 0;
  for (const TextEdit& e : accepted) {
    result.text.append(text.substr(at, e.start_byte - at));
    result.text.append(e.new_text);
    at = e.end_byte;
  }
  result.text.append(text.substr(at));
  return result;
}

}  // namespace whalesafe::findings
