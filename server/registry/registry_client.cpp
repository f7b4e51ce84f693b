#include "registry/registry_client.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "net/base64.h"
#include "registry/content_digest.h"
#include "registry/resolve_error.h"
#include "registry/www_authenticate.h"

namespace whalesafe::registry {
namespace {

using Clock = std::chrono::steady_clock;

// A token without `expires_in` lasts 60 s (the token spec's default).
constexpr std::chrono::seconds kDefaultTokenLifetime{60};

ResolveError from_fetch_error(const net::FetchError& e) {
  switch (e.kind()) {
    case net::FetchError::Kind::unreachable:
      return ResolveError(ErrorKind::offline,
                          std::string("cannot reach the registry (offline?): ") + e.what());
    case net::FetchError::Kind::timeout:
      return ResolveError(ErrorKind::timeout, e.what());
    case net::FetchError::Kind::tls:
      return ResolveError(ErrorKind::tls, e.what());
    case net::FetchError::Kind::certificate:
      return ResolveError(ErrorKind::tls,
                          std::string(e.what()) +
                              " (the certificate did not verify; SSL_CERT_FILE can name a CA "
                              "bundle)");
    case net::FetchError::Kind::insecure:
      return ResolveError(ErrorKind::insecure,
                          std::string(e.what()) + " (use --insecure-registry for such a registry)");
    case net::FetchError::Kind::proxy:
      return ResolveError(ErrorKind::proxy, e.what());
    case net::FetchError::Kind::http_status:
    case net::FetchError::Kind::protocol:
      break;
  }
  return ResolveError(ErrorKind::protocol, e.what());
}

std::string status_text(const net::HttpResponse& response) {
  return "HTTP " + std::to_string(response.status) +
         (response.reason.empty() ? "" : " " + response.reason);
}

std::vector<Challenge> challenges_of(const net::HttpResponse& response) {
  std::vector<Challenge> out;
  for (const auto& [name, value] : response.headers) {
    if (name.size() == 16 && std::equal(name.begin(), name.end(), "www-authenticate",
                                        [](char a, char b) { return std::tolower(a) == b; })) {
      std::vector<Challenge> more = parse_www_authenticate(value);
      out.insert(out.end(), more.begin(), more.end());
    }
  }
  return out;
}

// The media type without parameters ("application/json; charset=utf-8" -> "application/json").
std::string media_type_of(const net::HttpResponse& response) {
  std::string type = response.header("Content-Type");
  type = type.substr(0, std::min(type.find(';'), type.size()));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type;
}

}  // namespace

const char* const kManifestAccept =
    "application/vnd.oci.image.index.v1+json, "
    "application/vnd.docker.distribution.manifest.list.v2+json, "
    "application/vnd.oci.image.manifest.v1+json, "
    "application/vnd.docker.distribution.manifest.v2+json";

RegistryClient::RegistryClient(net::HttpOptions http, DockerConfig credentials,
                               std::filesystem::path config_path)
    : http_(std::move(http)),
      credentials_(std::move(credentials)),
      config_path_(std::move(config_path)) {}

std::string RegistryClient::token_key(const Reference& reference) const {
  return reference.api_authority() + " " + reference.repository;
}

net::HttpResponse RegistryClient::send(std::string_view method, const Reference& reference) {
  net::Headers headers = {{"Accept", kManifestAccept}};
  if (const auto it = authorizations_.find(token_key(reference));
      it != authorizations_.end() && it->second.expires > Clock::now()) {
    headers.emplace_back("Authorization", it->second.header);
  }
  const std::string authority = reference.api_authority();
  const auto known = schemes_.find(authority);
  const net::Url https_url = manifest_url(reference, "https");
  if (known != schemes_.end()) {
    return http_.request(method, manifest_url(reference, known->second), headers);
  }
  // Registries allowed plain http://: https:// first, plain http:// when TLS fails.
  const bool may_fall_back = http_.plain_http_allowed(https_url);
  try {
    net::HttpResponse response = http_.request(method, https_url, headers);
    schemes_[authority] = "https";
    return response;
  } catch (const net::FetchError& e) {
    if (!may_fall_back || e.kind() != net::FetchError::Kind::tls) throw;
  }
  net::HttpResponse response = http_.request(method, manifest_url(reference, "http"), headers);
  schemes_[authority] = "http";
  return response;
}

void RegistryClient::authenticate(const Reference& reference, const net::HttpResponse& answer) {
  const std::vector<Challenge> challenges = challenges_of(answer);
  const auto find = [&](std::string_view scheme) {
    return std::find_if(challenges.begin(), challenges.end(),
                        [&](const Challenge& c) { return c.scheme == scheme; });
  };
  const std::optional<Credentials> credentials = credentials_.find(reference.registry);
  const std::string basic =
      credentials
          ? "Basic " + net::base64_encode(credentials->username + ":" + credentials->password)
          : "";
  const std::string where = config_path_.empty() ? "Docker's config.json" : config_path_.string();
  const std::string key = token_key(reference);

  if (const auto bearer = find("bearer"); bearer != challenges.end()) {
    const std::string realm = bearer->param("realm");
    std::string error;
    const std::optional<net::Url> realm_url = net::parse_url(realm, &error);
    if (!realm_url) {
      throw ResolveError(ErrorKind::protocol, "the registry's token realm is unusable: " + error);
    }
    std::string scope = bearer->param("scope");
    if (scope.empty()) scope = "repository:" + reference.repository + ":pull";
    std::string query;
    if (const std::string service = bearer->param("service"); !service.empty()) {
      query += "service=" + net::percent_encode(service) + "&";
    }
    query += "scope=" + net::percent_encode(scope);
    net::Url token_url = *realm_url;
    token_url.target += (token_url.target.find('?') == std::string::npos ? "?" : "&") + query;
    net::Headers headers;
    if (credentials) headers.emplace_back("Authorization", basic);
    const net::HttpResponse response = http_.request("GET", token_url, headers);
    if (response.status == 401 || response.status == 403) {
      throw ResolveError(
          ErrorKind::unauthorized,
          "the token service " + realm_url->to_string() + " refused " +
              (credentials ? "the credentials for " + reference.registry + " in " + where
                           : "an anonymous token") +
              " (" + status_text(response) + ")");
    }
    if (response.status != 200) {
      throw ResolveError(ErrorKind::protocol, "the token service " + realm_url->to_string() +
                                                  " answered " + status_text(response));
    }
    const nlohmann::json json = nlohmann::json::parse(response.body, nullptr, false);
    std::string token;
    for (const char* field : {"token", "access_token"}) {
      if (json.is_object() && json.contains(field) && json[field].is_string() &&
          !json[field].get<std::string>().empty()) {
        token = json[field].get<std::string>();
        break;
      }
    }
    if (token.empty()) {
      throw ResolveError(ErrorKind::protocol,
                         "the token service " + realm_url->to_string() + " sent no token");
    }
    std::chrono::seconds lifetime = kDefaultTokenLifetime;
    if (json.contains("expires_in") && json["expires_in"].is_number_integer()) {
      lifetime = std::max(kDefaultTokenLifetime,
                          std::chrono::seconds(json["expires_in"].get<long long>()));
    }
    authorizations_[key] = {"Bearer " + token, Clock::now() + lifetime};
    return;
  }
  if (find("basic") != challenges.end()) {
    if (!credentials) {
      const std::string helper = credentials_.helper_for(reference.registry);
      throw ResolveError(
          ErrorKind::unauthorized,
          "the registry needs credentials (HTTP Basic) and " + where + " has none for " +
              reference.registry +
              (helper.empty() ? ""
                              : " (credential helper '" + helper + "' is not run by whalesafe)"));
    }
    authorizations_[key] = {basic, Clock::time_point::max()};
    return;
  }
  throw ResolveError(ErrorKind::unauthorized,
                     "the registry answered 401 without a Bearer or Basic challenge");
}

ManifestDigest RegistryClient::resolve(const Reference& reference, Clock::time_point deadline) {
  http_.set_deadline(deadline);
  try {
    net::HttpResponse response = send("HEAD", reference);
    if (response.status == 401) {
      authenticate(reference, response);
      response = send("HEAD", reference);
      if (response.status == 401) {
        authorizations_.erase(token_key(reference));
        throw ResolveError(ErrorKind::unauthorized,
                           "the registry refused access to " + reference.repository +
                               " (it may not exist, or need other credentials)");
      }
    }
    // Some registries do not answer HEAD; GET is the same request with the body.
    const bool head_ok = response.status == 200;
    if (!head_ok && response.status != 404 && response.status < 500 && response.status != 429 &&
        response.status != 403) {
      response = send("GET", reference);
    }
    if (response.status == 200) {
      const std::string header = response.header("Docker-Content-Digest");
      if (head_ok && is_valid_digest(header)) return {header, media_type_of(response)};
      if (head_ok) response = send("GET", reference);
    }
    switch (response.status) {
      case 200:
        break;
      case 404:
        throw ResolveError(ErrorKind::not_found, "not found: " + reference.api_authority() +
                                                     " has no tag '" + reference.tag + "' in " +
                                                     reference.repository);
      case 401:
      case 403:
        throw ResolveError(ErrorKind::unauthorized, "access denied to " + reference.repository +
                                                        " (" + status_text(response) + ")");
      case 429:
        throw ResolveError(ErrorKind::rate_limited,
                           "the registry's rate limit was reached (HTTP 429); try again later");
      default:
        throw ResolveError(ErrorKind::protocol, "the registry answered " + status_text(response));
    }
    // The body's own hash is the digest; a header must agree with it.
    const std::string header = response.header("Docker-Content-Digest");
    const std::string algorithm =
        is_valid_digest(header) ? header.substr(0, header.find(':')) : "sha256";
    const std::optional<std::string> computed = content_digest(algorithm, response.body);
    if (!computed) {
      throw ResolveError(ErrorKind::protocol, "unsupported digest algorithm in '" + header + "'");
    }
    if (!header.empty() && header != *computed) {
      throw ResolveError(ErrorKind::protocol, "the manifest does not match its digest: header " +
                                                  header + ", content " + *computed);
    }
    return {*computed, media_type_of(response)};
  } catch (const net::FetchError& e) {
    throw from_fetch_error(e);
  }
}

}  // namespace whalesafe::registry
