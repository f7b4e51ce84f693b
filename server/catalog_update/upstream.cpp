#include "catalog_update/upstream.h"

#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace whalesafe::catalog_update {
namespace {

using net::FetchError;

constexpr std::string_view kOfficialImages = "docker-library/official-images";
constexpr std::string_view kEndOfLife = "endoflife-date/endoflife.date";
constexpr std::string_view kBranch = "master";  // both repositories' default branch

net::Url url_of(const std::string& base, const std::string& path) {
  std::string error;
  std::string text = base;
  while (text.ends_with("/")) text.pop_back();
  std::optional<net::Url> url = net::parse_url(text + path, &error);
  if (!url) throw FetchError(FetchError::Kind::protocol, "bad source URL " + error);
  return *url;
}

nlohmann::json get_json(net::HttpClient& client, const net::Url& url) {
  const net::Headers headers = {{"Accept", "application/vnd.github+json"},
                                {"X-GitHub-Api-Version", "2022-11-28"}};
  const net::HttpResponse response = client.get(url, headers);
  try {
    return nlohmann::json::parse(response.body);
  } catch (const nlohmann::json::exception&) {
    throw FetchError(FetchError::Kind::protocol,
                     url.to_string() + ": the answer is not JSON (is this GitHub's API?)");
  }
}

std::string not_github(const net::Url& url, const char* expected) {
  return url.to_string() + ": unexpected answer, expected " + expected;
}

// The branch's head commit: sha and committer date.
catalog::DeriveInput::Source head_commit(net::HttpClient& client, const UpstreamConfig& config,
                                         std::string_view repository) {
  const net::Url url = url_of(
      config.api_base, "/repos/" + std::string(repository) + "/commits/" + std::string(kBranch));
  const nlohmann::json json = get_json(client, url);
  const auto* sha = json.is_object() && json.contains("sha") ? &json["sha"] : nullptr;
  const nlohmann::json::json_pointer date_path("/commit/committer/date");
  if (sha == nullptr || !sha->is_string() || !json.contains(date_path) ||
      !json[date_path].is_string()) {
    throw FetchError(FetchError::Kind::protocol, not_github(url, "a commit with sha and date"));
  }
  const std::string commit = sha->get<std::string>();
  // The sha goes into URL paths: only a real commit id.
  if (commit.size() != 40 || commit.find_first_not_of("0123456789abcdef") != std::string::npos) {
    throw FetchError(FetchError::Kind::protocol, not_github(url, "a 40-digit commit sha"));
  }
  return {std::string(repository), commit, json[date_path].get<std::string>()};
}

// File names in library/ at `commit`.
std::vector<std::string> library_names(net::HttpClient& client, const UpstreamConfig& config,
                                       const std::string& commit) {
  const net::Url url = url_of(config.api_base, "/repos/" + std::string(kOfficialImages) +
                                                   "/contents/library?ref=" + commit);
  const nlohmann::json json = get_json(client, url);
  if (!json.is_array()) throw FetchError(FetchError::Kind::protocol, not_github(url, "a listing"));
  std::vector<std::string> names;
  for (const nlohmann::json& item : json) {
    if (!item.is_object() || !item.contains("name") || !item["name"].is_string() ||
        !item.contains("type")) {
      throw FetchError(FetchError::Kind::protocol, not_github(url, "a listing of files"));
    }
    if (item["type"] != "file") continue;
    std::string name = item["name"].get<std::string>();
    // Names go into URL paths: image names only (no "..", no slashes, no escapes).
    static const std::regex kImageName("[a-z0-9][a-z0-9_.-]*");
    if (!std::regex_match(name, kImageName)) {
      throw FetchError(FetchError::Kind::protocol, url.to_string() + ": odd file name " + name);
    }
    names.push_back(std::move(name));
  }
  if (names.empty()) throw FetchError(FetchError::Kind::protocol, url.to_string() + ": no files");
  return names;
}

// The products the compiled-in table tracks: those with cycles and those the mapping names.
std::vector<std::string> tracked_products() {
  std::set<std::string> products;
  for (const auto& row : catalog::data::compiled_cycles()) products.emplace(row.product);
  for (const auto& row : catalog::data::compiled_image_products()) {
    std::string_view list = row.products;
    while (!list.empty()) {
      const std::size_t comma = std::min(list.find(','), list.size());
      products.emplace(list.substr(0, comma));
      list.remove_prefix(std::min(comma + 1, list.size()));
    }
  }
  return {products.begin(), products.end()};
}

}  // namespace

catalog::DeriveInput fetch_upstream(net::HttpClient& client, const UpstreamConfig& config,
                                    const Progress& progress) {
  catalog::DeriveInput input;
  input.sources.push_back(head_commit(client, config, kOfficialImages));
  input.sources.push_back(head_commit(client, config, kEndOfLife));
  const std::string& images_commit = input.sources[0].commit;
  const std::string& eol_commit = input.sources[1].commit;

  const std::vector<std::string> images = library_names(client, config, images_commit);
  const std::vector<std::string> products = tracked_products();
  const std::size_t total = images.size() + products.size();
  for (const std::string& image : images) {
    const net::Url url = url_of(config.raw_base, "/" + std::string(kOfficialImages) + "/" +
                                                     images_commit + "/library/" + image);
    input.library.push_back({image, client.get(url).body});
    progress("library/" + image, input.library.size(), total);
  }
  for (const std::string& product : products) {
    const net::Url url = url_of(config.raw_base, "/" + std::string(kEndOfLife) + "/" + eol_commit +
                                                     "/products/" + product + ".md");
    input.products.push_back({product, client.get(url).body});
    progress("products/" + product + ".md", input.library.size() + input.products.size(), total);
  }
  const auto mapping = catalog::data::compiled_image_products();
  input.mapping.assign(mapping.begin(), mapping.end());
  return input;
}

}  // namespace whalesafe::catalog_update
