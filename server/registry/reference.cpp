#include "registry/reference.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

#include "catalog/image_ref.h"
#include "rules/image_reference.h"

namespace whalesafe::registry {
namespace {

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool valid_tag(std::string_view tag) {
  const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  if (tag.empty() || tag.size() > 128 || !word(tag.front())) return false;
  return std::all_of(tag.begin(), tag.end(),
                     [&](char c) { return word(c) || c == '.' || c == '-'; });
}

// host, host:port or [ipv6]:port; letters, digits, '.', '-' in host names.
bool valid_registry(std::string_view text) {
  std::string_view host = text;
  std::string_view port;
  if (text.starts_with("[")) {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) return false;
    host = text.substr(1, close - 1);
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(":")) return false;
    if (!rest.empty()) port = rest.substr(1);
    if (host.empty() || !std::all_of(host.begin(), host.end(), [](char c) {
          return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
        })) {
      return false;
    }
  } else {
    const std::size_t colon = text.find(':');
    if (colon != std::string_view::npos) {
      host = text.substr(0, colon);
      port = text.substr(colon + 1);
    }
    if (host.empty() || !std::all_of(host.begin(), host.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
        })) {
      return false;
    }
  }
  if (text.find(':') != std::string_view::npos && !text.starts_with("[") && port.empty()) {
    return false;
  }
  return port.size() <= 5 && std::all_of(port.begin(), port.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c));
         });
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string Reference::canonical() const {
  std::string out = registry + "/" + repository;
  if (!tag.empty()) out += ":" + tag;
  if (!digest.empty()) out += "@" + digest;
  return out;
}

std::string Reference::api_authority() const {
  return is_docker_hub() ? std::string(kDockerHubApiHost) : registry;
}

bool is_valid_digest(std::string_view digest) {
  const std::size_t colon = digest.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  const std::string_view algorithm = digest.substr(0, colon);
  const std::string_view encoded = digest.substr(colon + 1);
  const auto hex = [](std::string_view text, std::size_t size) {
    return text.size() == size && std::all_of(text.begin(), text.end(), [](char c) {
             return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
  };
  if (algorithm == "sha256") return hex(encoded, 64);
  if (algorithm == "sha512") return hex(encoded, 128);
  // Other registered algorithms: the generic grammar.
  return !encoded.empty() && std::all_of(algorithm.begin(), algorithm.end(), [](char c) {
    return is_lower_alnum(c) || c == '+' || c == '.' || c == '_' || c == '-';
  }) && std::all_of(encoded.begin(), encoded.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '=' || c == '_' || c == '-';
  });
}

std::optional<Reference> parse_reference(std::string_view text, std::string* error) {
  const auto fail = [&](const std::string& why) -> std::optional<Reference> {
    if (error != nullptr) *error = "not a valid image reference: " + why;
    return std::nullopt;
  };
  if (text.empty()) return fail("it is empty");
  const catalog::ImageRef split = catalog::split_reference(text);
  if (split.has_variable) return fail("it contains an unsubstituted variable ($...)");
  if (split.name.empty()) return fail("no repository name");
  Reference out;
  out.written = std::string(text);

  // Docker's rule: the first component names a registry when it holds '.' or ':', is
  // "localhost", or has upper-case letters (repository names cannot); otherwise the whole
  // name is a Docker Hub repository.
  std::string_view name = split.name;
  std::string_view path = name;
  const std::size_t slash = name.find('/');
  if (slash != std::string_view::npos) {
    const std::string_view first = name.substr(0, slash);
    const bool is_host =
        first.find_first_of(".:") != std::string_view::npos || first == "localhost" ||
        std::any_of(first.begin(), first.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (is_host) {
      if (!valid_registry(first)) return fail("bad registry host '" + std::string(first) + "'");
      out.registry = lower(first);
      path = name.substr(slash + 1);
    }
  }
  static constexpr std::array<std::string_view, 3> kHubAliases = {"docker.io", "index.docker.io",
                                                                  "registry-1.docker.io"};
  if (out.registry.empty() ||
      std::find(kHubAliases.begin(), kHubAliases.end(), out.registry) != kHubAliases.end()) {
    out.registry = std::string(kDockerHub);
  }
  if (path.empty()) return fail("no repository name");
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    if (!rules::is_valid_repository_component(path.substr(start, end - start))) {
      return fail("bad repository name '" + std::string(path) +
                  "' (lower-case letters, digits and . _ - separators)");
    }
    start = end + 1;
  }
  out.repository = std::string(path);
  if (out.is_docker_hub() && out.repository.find('/') == std::string::npos) {
    out.repository = "library/" + out.repository;  // official images
  }
  if (!split.digest.empty()) {
    if (!is_valid_digest(split.digest)) return fail("bad digest '" + split.digest + "'");
    out.digest = split.digest;
  } else {
    if (!split.tag.empty() && !valid_tag(split.tag)) return fail("bad tag '" + split.tag + "'");
    out.tag = split.effective_tag();
  }
  return out;
}

net::Url manifest_url(const Reference& reference, std::string_view scheme) {
  const std::string authority = reference.api_authority();
  std::string error;
  std::optional<net::Url> url = net::parse_url(
      std::string(scheme) + "://" + authority + "/v2/" + reference.repository + "/manifests/" +
          (reference.digest.empty() ? reference.tag : reference.digest),
      &error);
  // Every part was validated by parse_reference, so the URL always parses.
  if (!url) throw std::logic_error("manifest_url: " + error);
  return *url;
}

}  // namespace whalesafe::registry
