#include "rules/setting_scan.h"

#include <cctype>
#include <string>

#include "rules/node_util.h"
#include "syntax/ascii.h"

namespace whalesafe::rules {
namespace {

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}

// The key may start here: at the start, after a character that is not part of a name, or
// after a `--` that starts an option (`--strict-ssl=false`).
bool starts_name(std::string_view text, std::size_t at) {
  if (at == 0 || !name_char(text[at - 1])) return true;
  return at >= 2 && text.substr(at - 2, 2) == "--" && (at == 2 || !name_char(text[at - 3]));
}

bool ends_name(std::string_view text, std::size_t at) {
  return at >= text.size() || (!name_char(text[at]) && text[at] != '.');
}

bool value_char(char c) {
  return std::string_view(" \t\r\n\"';,]<>|&)\\`").find(c) == std::string_view::npos;
}

bool blank(char c) { return c == ' ' || c == '\t'; }

// `key` in lower case; no copy for the usual key, written in lower case already.
std::string_view lower_key(std::string_view key, std::string& storage) {
  for (const char c : key) {
    if (c >= 'A' && c <= 'Z') {
      storage = syntax::ascii_lower(key);
      return storage;
    }
  }
  return key;
}

}  // namespace

bool value_matches(const SettingSpec& spec, std::string_view value) {
  if (value.empty()) return false;
  if (spec.values.empty()) return true;
  for (std::string_view v : spec.values) {
    if (spec.prefix ? value.size() >= v.size() && iequals(value.substr(0, v.size()), v)
                    : iequals(value, v)) {
      return true;
    }
  }
  return false;
}

std::vector<SettingMatch> find_settings(std::string_view text,
                                        const std::vector<SettingSpec>& specs) {
  // Keys match in any case: search a lower-cased copy (one pass, then a fast find per key).
  return find_settings(text, syntax::ascii_lower(text), specs);
}

bool mentions_any_key(std::string_view lower_text, const std::vector<SettingSpec>& specs) {
  std::string storage;
  for (const SettingSpec& spec : specs) {
    if (lower_text.find(lower_key(spec.key, storage)) != std::string_view::npos) return true;
  }
  return false;
}

std::vector<SettingMatch> find_settings(std::string_view text, std::string_view lower_text,
                                        const std::vector<SettingSpec>& specs) {
  std::vector<SettingMatch> out;
  std::string storage;
  for (std::size_t s = 0; s < specs.size(); ++s) {
    const std::string_view key = lower_key(specs[s].key, storage);
    for (std::size_t at = lower_text.find(key); at != std::string_view::npos;
         at = lower_text.find(key, at + 1)) {
      std::size_t p = at + key.size();
      if (!starts_name(text, at) || !ends_name(text, p)) continue;
      const std::size_t after_key = p;
      while (p < text.size() && blank(text[p])) ++p;
      if (p < text.size() && (text[p] == '=' || text[p] == ':')) {
        ++p;
        while (p < text.size() && blank(text[p])) ++p;
      } else if (p == after_key) {
        continue;  // `gpgcheck` with neither separator nor blank after it
      }
      if (specs[s].bracket_options && p < text.size() && text[p] == '[') {
        const std::size_t close = text.find(']', p);
        if (close == std::string_view::npos) continue;
        p = close + 1;
        while (p < text.size() && blank(text[p])) ++p;
      }
      char quote = 0;
      if (p < text.size() && (text[p] == '"' || text[p] == '\'')) quote = text[p++];
      const std::size_t value_start = p;
      while (p < text.size() && value_char(text[p])) ++p;
      const std::string_view value = text.substr(value_start, p - value_start);
      if (!value_matches(specs[s], value)) continue;
      if (quote != 0 && p < text.size() && text[p] == quote) ++p;
      out.push_back({s, static_cast<uint32_t>(at), static_cast<uint32_t>(p), std::string(value)});
    }
  }
  return out;
}

std::optional<std::size_t> key_at_end(std::string_view text, const std::vector<SettingSpec>& specs,
                                      uint32_t& start) {
  for (std::size_t s = 0; s < specs.size(); ++s) {
    const std::string_view key = specs[s].key;
    if (text.size() < key.size()) continue;
    const std::size_t at = text.size() - key.size();
    if (iequals(text.substr(at), key) && starts_name(text, at)) {
      start = static_cast<uint32_t>(at);
      return s;
    }
  }
  return std::nullopt;
}

}  // namespace whalesafe::rules
