#include "rules/credential_names.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "rules/node_util.h"

namespace whalesafe::rules {
namespace {

// Splits a variable name into upper-case words at `_`, `-`, `.` and lower-to-upper case
// changes: "githubApiToken" -> GITHUB, API, TOKEN.
std::vector<std::string> name_words(std::string_view name) {
  std::vector<std::string> words;
  std::string current;
  char previous = 0;
  for (const char c : name) {
    const bool separator = c == '_' || c == '-' || c == '.';
    const bool camel = std::isupper(static_cast<unsigned char>(c)) &&
                       std::islower(static_cast<unsigned char>(previous));
    if ((separator || camel) && !current.empty()) {
      words.push_back(current);
      current.clear();
    }
    if (!separator) current += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    previous = c;
  }
  if (!current.empty()) words.push_back(current);
  return words;
}

bool one_of(std::string_view word, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// Words that are a credential on their own, also at the end of a run-together word
// (VNCPASSWD, GITHUBTOKEN; not TOKENIZERS).
bool credential_word(std::string_view w) {
  for (std::string_view suffix : {"PASSWORD", "PASSWD", "TOKEN", "APIKEY", "SECRET"}) {
    if (w.size() > suffix.size() && w.ends_with(suffix)) return true;
  }
  return one_of(w, {"PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "APIKEY", "CREDENTIAL",
                    "CREDENTIALS", "PRIVATEKEY", "SECRETKEY", "ACCESSKEY", "AUTHTOKEN", "BEARER"});
}

// Words that make KEY a credential: API_KEY, ACCESS_KEY, SECRET_KEY, PRIVATE_KEY, ...
bool key_qualifier(std::string_view w) {
  return one_of(w, {"API", "ACCESS", "SECRET", "PRIVATE", "AUTH", "ENCRYPTION", "MASTER", "LICENSE",
                    "CLIENT"});
}

// Words after the credential word that make the variable about the credential rather than the
// credential itself: TOKEN_TTL, PASSWORD_FILE, ACCESS_KEY_ID, SECRET_NAME, ...
bool qualifies_away(std::string_view w) {
  return one_of(
      w, {"TTL",    "EXPIRY",   "EXPIRES",   "EXPIRE",   "EXPIRATION", "TIMEOUT",  "LIFETIME",
          "AGE",    "POLICY",   "LENGTH",    "LEN",      "MIN",        "MAX",      "FILE",
          "FILES",  "PATH",     "DIR",       "LOCATION", "URL",        "URI",      "ENDPOINT",
          "HOST",   "PORT",     "NAME",      "USER",     "USERNAME",   "ID",       "TYPE",
          "HEADER", "PREFIX",   "FORMAT",    "ENABLED",  "REQUIRED",   "METHOD",   "MODE",
          "SIZE",   "COUNT",    "ALGORITHM", "ALGO",     "VAR",        "ENV",      "HASH",
          "RESET",  "REF",      "ARN",       "KIND",     "PROVIDER",   "STORE",    "LIMIT",
          "REGEX",  "PATTERN",  "RULES",     "STRENGTH", "CHARS",      "ROTATION", "INTERVAL",
          "PERIOD", "DURATION", "SECONDS",   "VERSION",  "LOOKUP",     "CACHE",    "AUDIENCE",
          "ISSUER", "SCOPE",    "SCOPES"});
}

}  // namespace

bool is_credential_name(std::string_view name) {
  const std::vector<std::string> words = name_words(name);
  // PWD alone is the shell's working directory; ALLOW_EMPTY_PASSWORD and NO_PASSWORD are
  // switches.
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    bool credential = credential_word(w);
    if (!credential && w == "KEY" && i > 0) credential = key_qualifier(words[i - 1]);
    if (!credential && (w == "PWD" || w == "PASS") && i > 0) credential = true;
    if (!credential) continue;
    if (i > 0 && one_of(words[i - 1],
                        {"ALLOW", "EMPTY", "NO", "RANDOM", "SKIP", "USE", "GENERATE", "REQUIRE"})) {
      continue;
    }
    bool away = false;
    for (std::size_t j = i + 1; j < words.size(); ++j) away |= qualifies_away(words[j]);
    if (!away) return true;
  }
  return false;
}

bool is_literal_credential_value(std::string_view value) {
  if (value.empty() || value.find('$') != std::string_view::npos) return false;
  const std::string lower = ascii_lower(value);
  if (one_of(lower, {"true", "false", "yes", "no", "on", "off", "0", "1", "none", "null", "nil",
                     "undefined", "empty", "disabled", "enabled", "required", "optional"})) {
    return false;
  }
  // Paths (a secret mounted as a file) and plain URLs (an endpoint): secret-literal looks for
  // `user:password@` in URLs.
  if (value.starts_with('/') || value.starts_with("./") || value.starts_with("~/") ||
      lower.find("://") != std::string::npos) {
    return false;
  }
  // Placeholders: <your-token>, {{ token }}, xxxxx, *****, ...
  if ((value.starts_with('<') && value.ends_with('>')) ||
      (value.starts_with('{') && value.ends_with('}'))) {
    return false;
  }
  if (value.size() >= 2 && std::all_of(value.begin(), value.end(), [&](char c) {
        return std::tolower(static_cast<unsigned char>(c)) ==
               std::tolower(static_cast<unsigned char>(value.front()));
      })) {
    return false;
  }
  return true;
}

}  // namespace whalesafe::rules
