#include "rules/label_schema.h"

#include <array>

namespace whalesafe::rules {
namespace {

constexpr std::array<std::pair<LabelType, std::string_view>, 7> kNames{{
    {LabelType::kText, "text"},
    {LabelType::kUrl, "url"},
    {LabelType::kHash, "hash"},
    {LabelType::kRfc3339, "rfc3339"},
    {LabelType::kSemver, "semver"},
    {LabelType::kSpdx, "spdx"},
    {LabelType::kEmail, "email"},
}};

}  // namespace

std::string_view label_type_name(LabelType type) {
  for (const auto& [t, name] : kNames) {
    if (t == type) return name;
  }
  return "text";
}

std::optional<LabelType> parse_label_type(std::string_view name) {
  for (const auto& [t, n] : kNames) {
    if (n == name) return t;
  }
  return std::nullopt;
}

const LabelType* LabelSchema::find(std::string_view key) const {
  for (const auto& [name, type] : labels) {
    if (name == key) return &type;
  }
  return nullptr;
}

void LabelSchema::set(std::string key, LabelType type) {
  for (auto& [name, t] : labels) {
    if (name == key) {
      t = type;
      return;
    }
  }
  labels.emplace_back(std::move(key), type);
}

}  // namespace whalesafe::rules
