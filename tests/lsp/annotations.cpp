#include "annotations.h"

#include <cctype>
#include <stdexcept>

namespace whalesafe::testing {

Annotations::Annotations(std::string_view text) {
  std::vector<std::pair<std::string, uint32_t>> open;  // ranges begun: name, start
  std::string name;
  for (std::size_t i = 0; i < text.size();) {
    const auto here = static_cast<uint32_t>(code_.size());
    if (text[i] == '$') {  // a name for the marker that follows
      std::size_t j = i + 1;
      while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) != 0 ||
                                 text[j] == '_' || text[j] == '-')) {
        ++j;
      }
      const std::string_view rest = text.substr(j);
      if (j > i + 1 && (rest.starts_with("^") || rest.starts_with("[["))) {
        name = std::string(text.substr(i + 1, j - i - 1));
        i = j;
        continue;
      }
    }
    if (text[i] == '^') {
      points_[name].push_back(here);
      name.clear();
      ++i;
    } else if (text.substr(i).starts_with("[[")) {
      open.emplace_back(name, here);
      name.clear();
      i += 2;
    } else if (text.substr(i).starts_with("]]") && !open.empty()) {
      ranges_[open.back().first].push_back(ByteRange{open.back().second, here});
      open.pop_back();
      i += 2;
    } else {
      code_ += text[i++];
    }
  }
  if (!open.empty()) throw std::invalid_argument("annotations: unclosed [[");
}

uint32_t Annotations::point(const std::string& name) const {
  const std::vector<uint32_t> all = points(name);
  if (all.size() != 1)
    throw std::invalid_argument("annotations: not one point named '" + name + "'");
  return all.front();
}

ByteRange Annotations::range(const std::string& name) const {
  const std::vector<ByteRange> all = ranges(name);
  if (all.size() != 1)
    throw std::invalid_argument("annotations: not one range named '" + name + "'");
  return all.front();
}

std::vector<uint32_t> Annotations::points(const std::string& name) const {
  const auto it = points_.find(name);
  return it == points_.end() ? std::vector<uint32_t>{} : it->second;
}

std::vector<ByteRange> Annotations::ranges(const std::string& name) const {
  const auto it = ranges_.find(name);
  return it == ranges_.end() ? std::vector<ByteRange>{} : it->second;
}

}  // namespace whalesafe::testing
