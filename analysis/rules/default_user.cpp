// Base images whose default user is not root (see default_user.h).
#include "rules/default_user.h"

#include <string>

#include "syntax/ascii.h"

namespace whalesafe::rules {

bool defaults_to_non_root(std::string_view reference) {
  const std::string ref = syntax::ascii_lower(reference);
  const std::size_t slash = ref.rfind('/');
  const std::size_t colon = ref.find(':', slash == std::string::npos ? 0 : slash);
  const std::string_view tag =
      colon == std::string::npos ? std::string_view() : std::string_view(ref).substr(colon + 1);
  return tag.find("nonroot") != std::string_view::npos ||
         tag.find("non-root") != std::string_view::npos ||
         tag.find("rootless") != std::string_view::npos || ref.starts_with("cgr.dev/chainguard/") ||
         ref.find("/nanoserver") != std::string::npos;
}

}  // namespace whalesafe::rules
