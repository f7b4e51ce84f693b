#include "model/mount_options.h"

#include <cctype>

namespace whalesafe::model {

std::vector<MountOption> parse_mount_options(std::string_view text) {
  std::vector<MountOption> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t field_start = pos;
    std::string field;
    bool quoted = false;
    if (pos < text.size() && text[pos] == '"') {
      // A CSV-quoted field: `""` is a literal quote; it ends at the closing quote.
      quoted = true;
      ++pos;
      while (pos < text.size()) {
        if (text[pos] == '"') {
          if (pos + 1 < text.size() && text[pos + 1] == '"') {
            field.push_back('"');
            pos += 2;
            continue;
          }
          ++pos;
          break;
        }
        field.push_back(text[pos++]);
      }
      while (pos < text.size() && text[pos] != ',') field.push_back(text[pos++]);
    } else {
      while (pos < text.size() && text[pos] != ',') field.push_back(text[pos++]);
    }
    const std::size_t field_end = pos;
    if (!field.empty()) {
      MountOption o;
      const std::size_t eq = field.find('=');
      o.key = field.substr(0, eq);
      for (char& c : o.key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      o.quoted = quoted;
      if (eq != std::string::npos) o.value = field.substr(eq + 1);
      if (quoted || eq == std::string::npos) {
        o.value_start = field_start;
        o.value_end = field_end;
      } else {
        o.value_start = field_start + eq + 1;
        o.value_end = field_end;
      }
      out.push_back(std::move(o));
    }
    ++pos;  // past the comma (or the end)
  }
  return out;
}

}  // namespace whalesafe::model
