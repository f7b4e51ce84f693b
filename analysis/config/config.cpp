#include "config/config.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <array>
#include <fstream>
#include <sstream>

#include "config/size_limit.h"
#include "rules/registry.h"
#include "rules/shellcheck_runner.h"

namespace whalesafe::config {
namespace {

using findings::Severity;

struct Loader {
  std::string name;
  Config& config;

  void problem(const YAML::Node& at, std::string message) {
    const YAML::Mark mark = at.Mark();
    const bool known = mark.line >= 0;
    config.problems.push_back(
        {name, known ? mark.line + 1 : 0, known ? mark.column + 1 : 0, std::move(message)});
  }

  // Resolves a rule name from the file; unknown names are reported, other tools' IDs that no
  // whalesafe rule implements are accepted silently.
  std::vector<const rules::Rule*> resolve(const YAML::Node& node) {
    const std::string n = node.as<std::string>();
    const rules::ResolvedName r = rules::resolve_rule_name(n);
    if (r.kind == rules::NameKind::kUnknown) problem(node, fmt::format("unknown rule '{}'", n));
    return r.rules;
  }

  std::vector<YAML::Node> sequence(const YAML::Node& node, std::string_view key) {
    std::vector<YAML::Node> out;
    if (!node.IsSequence()) {
      if (!node.IsNull()) problem(node, fmt::format("'{}' must be a list", key));
      return out;
    }
    for (const YAML::Node& item : node) {
      if (item.IsScalar()) {
        out.push_back(item);
      } else {
        problem(item, fmt::format("'{}' entries must be strings", key));
      }
    }
    return out;
  }

  std::optional<Severity> severity(const YAML::Node& node) {
    if (!node.IsScalar()) {
      problem(node, "expected a severity (error, warning, info, style)");
      return std::nullopt;
    }
    std::optional<Severity> s = findings::parse_severity(node.as<std::string>());
    if (!s) problem(node, fmt::format("unknown severity '{}'", node.as<std::string>()));
    return s;
  }

  void trusted(const YAML::Node& node, std::string_view key) {
    for (const YAML::Node& item : sequence(node, key)) {
      config.settings.trusted_registries.push_back(item.as<std::string>());
    }
  }

  // failure-threshold / severity-threshold: a severity, or none/ignore (never fail).
  void threshold(const YAML::Node& node) {
    if (node.IsScalar() &&
        (node.as<std::string>() == "none" || node.as<std::string>() == "ignore")) {
      config.never_fail = true;
      config.failure_threshold.reset();
      return;
    }
    if (std::optional<Severity> s = severity(node)) {
      config.failure_threshold = s;
      config.never_fail = false;
    }
  }

  // label-schema: a mapping of label key -> type (text, url, hash, rfc3339, semver, spdx,
  // email), merged into the schema read so far (a later file changes a key's type).
  void label_schema(const YAML::Node& node) {
    if (!node.IsMap()) {
      if (!node.IsNull()) problem(node, "'label-schema' must be a mapping of label: type");
      return;
    }
    for (const auto& entry : node) {
      const std::string key = entry.first.as<std::string>();
      const YAML::Node& type = entry.second;
      const std::optional<rules::LabelType> t =
          type.IsScalar() ? rules::parse_label_type(type.Scalar()) : std::nullopt;
      if (!t) {
        problem(type, fmt::format("label '{}': expected a type: text, url, hash, rfc3339, semver, "
                                  "spdx or email",
                                  key));
        continue;
      }
      config.settings.label_schema.set(key, *t);
    }
  }

  void strict_labels(const YAML::Node& node) {
    try {
      config.settings.label_schema.strict = node.as<bool>();
    } catch (const YAML::Exception&) {
      problem(node, "'strict-labels' must be true or false");
    }
  }

  // A ShellCheck code turned off: the shellcheck rule drops its findings.
  void ignore_code(const YAML::Node& node) {
    const std::string n = node.as<std::string>();
    if (rules::shellcheck::is_code(n)) config.settings.ignored_codes.push_back(n);
  }

  void whalesafe_rule(const YAML::Node& key, const YAML::Node& value) {
    if (value.IsScalar()) {
      const std::string v = value.as<std::string>();
      if (v == "off" || v == "false" || v == "no") ignore_code(key);
    }
    const std::vector<const rules::Rule*> targets = resolve(key);
    RuleOverride o;
    if (!value.IsScalar()) {
      problem(value, "expected on, off or a severity");
      return;
    }
    const std::string v = value.as<std::string>();
    if (v == "on" || v == "true" || v == "yes") {
      o.enabled = true;
    } else if (v == "off" || v == "false" || v == "no") {
      o.enabled = false;
    } else if (std::optional<Severity> s = findings::parse_severity(v)) {
      o.enabled = true;
      o.severity = s;
    } else {
      problem(value, fmt::format("expected on, off or a severity, not '{}'", v));
      return;
    }
    for (const rules::Rule* r : targets) {
      RuleOverride& slot = config.rules[std::string(r->info.slug)];
      if (o.enabled) slot.enabled = o.enabled;
      if (o.severity) slot.severity = o.severity;
    }
  }

  void whalesafe(const YAML::Node& root) {
    for (const auto& entry : root) {
      const std::string key = entry.first.as<std::string>();
      const YAML::Node& value = entry.second;
      if (key == "rules") {
        if (!value.IsMap()) {
          if (!value.IsNull()) problem(value, "'rules' must be a mapping of rule: setting");
          continue;
        }
        for (const auto& rule : value) whalesafe_rule(rule.first, rule.second);
      } else if (key == "severity-threshold") {
        threshold(value);
      } else if (key == "trusted-registries") {
        trusted(value, key);
      } else if (key == "eol-grace-days") {
        try {
          config.settings.eol_grace_days = value.as<int>();
        } catch (const YAML::Exception&) {
          problem(value, "'eol-grace-days' must be a whole number of days");
        }
      } else if (key == "eol-date") {
        const auto date = value.IsScalar() ? catalog::Date::parse(value.Scalar()) : std::nullopt;
        if (date) {
          config.settings.eol_date = date;
        } else {
          problem(value, "'eol-date' must be a date: YYYY-MM-DD");
        }
      } else if (key == "label-schema") {
        label_schema(value);
      } else if (key == "strict-labels") {
        strict_labels(value);
      } else if (key == "max-file-size") {
        const auto bytes = value.IsScalar() ? parse_byte_size(value.Scalar()) : std::nullopt;
        if (bytes) {
          config.max_file_bytes = bytes;
        } else {
          problem(value,
                  "'max-file-size' must be a size: bytes, or a number with K, KiB, KB, "
                  "M, MiB or MB (up to 1 GiB)");
        }
      } else if (key == "shellcheck") {
        try {
          config.settings.shellcheck = value.as<bool>();
        } catch (const YAML::Exception&) {
          problem(value, "'shellcheck' must be true or false");
        }
      } else {
        problem(entry.first, fmt::format("unknown key '{}'", key));
      }
    }
  }

  void hadolint(const YAML::Node& root) {
    for (const auto& entry : root) {
      const std::string key = entry.first.as<std::string>();
      const YAML::Node& value = entry.second;
      if (key == "ignored") {
        for (const YAML::Node& item : sequence(value, key)) {
          ignore_code(item);
          for (const rules::Rule* r : resolve(item)) {
            config.rules[std::string(r->info.slug)].enabled = false;
          }
        }
      } else if (key == "trustedRegistries") {
        trusted(value, key);
      } else if (key == "failure-threshold") {
        threshold(value);
      } else if (key == "label-schema") {
        label_schema(value);
      } else if (key == "strict-labels") {
        strict_labels(value);
      } else if (key == "override") {
        if (!value.IsMap()) {
          if (!value.IsNull()) problem(value, "'override' must be a mapping");
          continue;
        }
        for (const auto& level : value) {
          const std::optional<Severity> s = severity(level.first);
          for (const YAML::Node& item : sequence(level.second, "override")) {
            for (const rules::Rule* r : resolve(item)) {
              if (s) config.rules[std::string(r->info.slug)].severity = s;
            }
          }
        }
      }
      // hadolint's other settings (format, no-color, ...) have no whalesafe
      // meaning; accepting them keeps a shared .hadolint.yaml working.
    }
  }
};

}  // namespace

ConfigKind kind_of(const std::filesystem::path& file) {
  return file.filename().string().find("hadolint") != std::string::npos ? ConfigKind::kHadolint
                                                                        : ConfigKind::kWhalesafe;
}

void load_config_text(const std::string& text, const std::string& name, ConfigKind kind,
                      Config& config) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(fmt::format("{}: invalid YAML: {}", name, e.what()));
  }
  config.files.push_back(name);
  if (root.IsNull()) return;  // an empty file configures nothing
  if (!root.IsMap()) throw ConfigError(fmt::format("{}: expected a mapping at the top", name));
  Loader loader{name, config};
  try {
    if (kind == ConfigKind::kHadolint) {
      loader.hadolint(root);
    } else {
      loader.whalesafe(root);
    }
  } catch (const YAML::Exception& e) {
    throw ConfigError(fmt::format("{}: {}", name, e.what()));
  }
}

void load_config_file(const std::filesystem::path& file, Config& config) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(fmt::format("{}: cannot read", file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  load_config_text(text.str(), file.string(), kind_of(file), config);
}

std::vector<std::filesystem::path> find_config_files(const std::filesystem::path& directory) {
  namespace fs = std::filesystem;
  constexpr std::array<std::string_view, 2> kHadolint{".hadolint.yaml", ".hadolint.yml"};
  constexpr std::array<std::string_view, 2> kOurs{".whalesafe.yaml", ".whalesafe.yml"};
  std::error_code ec;
  fs::path dir = fs::absolute(directory, ec);
  if (ec) dir = directory;
  std::optional<fs::path> hadolint;
  std::optional<fs::path> ours;
  for (;;) {
    for (std::string_view n : kHadolint) {
      if (!hadolint && fs::is_regular_file(dir / n, ec)) hadolint = dir / n;
    }
    for (std::string_view n : kOurs) {
      if (!ours && fs::is_regular_file(dir / n, ec)) ours = dir / n;
    }
    if ((hadolint && ours) || !dir.has_parent_path() || dir.parent_path() == dir) break;
    dir = dir.parent_path();
  }
  std::vector<fs::path> out;
  if (hadolint) out.push_back(*hadolint);
  if (ours) out.push_back(*ours);
  return out;
}

}  // namespace whalesafe::config
