// Fetches the catalog's upstream files for `whalesafe catalog update`: the official-images
// library/ files and the endoflife.date product files, both from GitHub at one commit each.
//
// Requests (BASE defaults: API https://api.github.com, files https://raw.githubusercontent.com;
// `--source-url BASE` serves both from one base URL, as the tests' local server does):
//   API   /repos/docker-library/official-images/commits/master  -> commit sha and date
//   API   /repos/docker-library/official-images/contents/library?ref=SHA -> the file names
//   files /docker-library/official-images/SHA/library/NAME       (one per image)
//   API   /repos/endoflife-date/endoflife.date/commits/master    -> commit sha and date
//   files /endoflife-date/endoflife.date/SHA/products/NAME.md    (one per product)
// Pinning the files to the commit the API named keeps a snapshot consistent while upstream
// moves. The products fetched are the ones the compiled-in table tracks (87 of endoflife.date's
// 460-odd), and the image -> product mapping is the compiled-in one.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "catalog/derive.h"
#include "net/http_client.h"

namespace whalesafe::catalog_update {

struct UpstreamConfig {
  std::string api_base = "https://api.github.com";
  std::string raw_base = "https://raw.githubusercontent.com";
};

// Called after each request with what was fetched so far, for progress output.
using Progress = std::function<void(std::string_view what, std::size_t done, std::size_t total)>;

// Every file derive_table() needs. Throws net::FetchError (network, HTTP status, or an API
// answer that is not what GitHub sends).
catalog::DeriveInput fetch_upstream(net::HttpClient& client, const UpstreamConfig& config,
                                    const Progress& progress);

}  // namespace whalesafe::catalog_update
