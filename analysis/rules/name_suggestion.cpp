#include "rules/name_suggestion.h"

#include <algorithm>
#include <vector>

#include "syntax/ascii.h"

namespace whalesafe::rules {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> similar_name(const model::Scope& scope, std::string_view name) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& [candidate, variable] : scope.all()) {
    (void)variable;
    const bool same_letters = syntax::iequals(candidate, name);
    const std::size_t d = same_letters ? 0 : edit_distance(candidate, name);
    const std::size_t allowed = name.size() >= 8 ? 2 : name.size() >= 4 ? 1 : 0;
    if (!same_letters && d > allowed) continue;
    if (!best || d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace whalesafe::rules
