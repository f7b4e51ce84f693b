// Settings written as text, such as `gpgcheck=0`, `sslverify = false`, `--strict-ssl=false` or
// `APT::Get::AllowUnauthenticated "true";`: a key (a whole name, case-insensitive) followed by
// `=`, `:` or blanks, an optional quote, and a value. The rules about disabled verification
// look for them in RUN words and in heredoc data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace whalesafe::rules {

struct SettingSpec {
  std::string_view key;  // matched case-insensitively, not as part of a longer name
  // The values that count (case-insensitive); empty: any non-empty value.
  std::vector<std::string_view> values = {};
  bool prefix = false;  // `values` are prefixes of the value (e.g. "http://")
  // The value may follow a `[...]` list of options (`deb [arch=amd64] http://...`).
  bool bracket_options = false;
};

// Falsy and truthy spellings configuration files use.
inline const std::vector<std::string_view> kFalsy = {"0", "false", "no", "off"};
inline const std::vector<std::string_view> kTruthy = {"1", "true", "yes", "on"};

struct SettingMatch {
  std::size_t spec = 0;  // index into the specs searched
  uint32_t start = 0;    // offsets into the searched text: the key's first byte...
  uint32_t end = 0;      // ...to the value's end
  std::string value;
};

// Every setting of `specs` in `text` whose value is written after the key.
std::vector<SettingMatch> find_settings(std::string_view text,
                                        const std::vector<SettingSpec>& specs);
// The same, given `text` ASCII-lower-cased too (byte for byte: `lower_text.size() ==
// text.size()`), for callers that search many parts of one lower-cased text.
std::vector<SettingMatch> find_settings(std::string_view text, std::string_view lower_text,
                                        const std::vector<SettingSpec>& specs);

// Whether any key of `specs` occurs in `lower_text` (ASCII-lower-cased): when none does, no
// part of that text has a setting, and searching its parts can be skipped.
bool mentions_any_key(std::string_view lower_text, const std::vector<SettingSpec>& specs);

// The spec whose key ends `text` (as a whole name), when its value would be the next word:
// `http.sslVerify` in `git config http.sslVerify false`. `start` gets the key's offset.
std::optional<std::size_t> key_at_end(std::string_view text, const std::vector<SettingSpec>& specs,
                                      uint32_t& start);

// Whether `value` is one of the spec's values.
bool value_matches(const SettingSpec& spec, std::string_view value);

}  // namespace whalesafe::rules
