// The WWW-Authenticate header of a registry's 401 answer (RFC 7235 challenges), e.g.
//   Bearer
//   realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/python:pull"
//   Basic realm="Registry Realm"
// One header may hold several challenges separated by commas, as may several headers.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace whalesafe::registry {

struct Challenge {
  std::string scheme;                         // lower case: "bearer", "basic"
  std::map<std::string, std::string> params;  // names lower case, values unquoted

  // The parameter's value, or "".
  std::string param(const std::string& name) const;
};

// Every challenge in `header`, in order. Malformed parts are skipped, never thrown on.
std::vector<Challenge> parse_www_authenticate(std::string_view header);

}  // namespace whalesafe::registry
