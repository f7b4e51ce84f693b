#include "catalog/image_ref.h"

#include <algorithm>
#include <array>

namespace whalesafe::catalog {
namespace {

// Repository path components: lower-case letters, digits and the separators . _ - (the
// official images' names, such as `rocket.chat` and `eclipse-temurin`, fit this).
bool valid_component(std::string_view text) {
  if (text.empty()) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

}  // namespace

std::string ImageRef::effective_tag() const {
  if (!tag.empty()) return tag;
  return digest.empty() ? "latest" : "";
}

ImageRef split_reference(std::string_view reference) {
  ImageRef out;
  out.has_variable = reference.find('$') != std::string_view::npos;
  if (const std::size_t at = reference.find('@'); at != std::string_view::npos) {
    out.digest = std::string(reference.substr(at + 1));
    reference = reference.substr(0, at);
  }
  const std::size_t slash = reference.rfind('/');
  const std::size_t colon = reference.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    out.tag = std::string(reference.substr(colon + 1));
    reference = reference.substr(0, colon);
  }
  out.name = std::string(reference);
  return out;
}

std::optional<std::string> official_image_name(std::string_view name) {
  static constexpr std::array<std::string_view, 3> kDockerHubHosts = {
      "docker.io/", "index.docker.io/", "registry-1.docker.io/"};
  for (std::string_view host : kDockerHubHosts) {
    if (name.starts_with(host)) {
      name.remove_prefix(host.size());
      break;
    }
  }
  if (name.starts_with("library/")) name.remove_prefix(8);
  // Anything left with a '/' is another namespace or registry; ':' and '@' mean a tag or
  // digest the caller should have split off; '$' an unsubstituted variable.
  if (!valid_component(name)) return std::nullopt;
  return std::string(name);
}

}  // namespace whalesafe::catalog
