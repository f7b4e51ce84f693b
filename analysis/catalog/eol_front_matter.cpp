// endoflife.date product files: the `releases` of their YAML front matter, read the way
// derive-catalog.py reads them with PyYAML. yaml-cpp keeps every scalar as text, so the YAML
// 1.1 types PyYAML would give plain (unquoted) scalars are resolved here: what matters is
// which values are dates, booleans, null or numbers rather than strings.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <regex>
#include <string>

#include "catalog/derive.h"

namespace whalesafe::catalog {
namespace {

enum class Kind { null, boolean, number, date, timestamp, string };

struct Scalar {
  Kind kind = Kind::null;
  std::string text;  // the scalar; for booleans "true" or "false"
};

// PyYAML's implicit resolvers (YAML 1.1) for plain scalars.
Kind plain_kind(const std::string& text) {
  static const std::regex kBool(
      "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|"
      "off|Off|OFF");
  static const std::regex kNull("~|null|Null|NULL|");
  static const std::regex kInt(
      "[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|"
      "[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
  static const std::regex kFloat(
      "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9_]+(?:[eE][-+][0-9]+)?|"
      "[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)");
  static const std::regex kDate("[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]");
  static const std::regex kTimestamp(
      "[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]:"
      "[0-9][0-9](?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?");
  if (std::regex_match(text, kNull)) return Kind::null;
  if (std::regex_match(text, kBool)) return Kind::boolean;
  if (std::regex_match(text, kInt) || std::regex_match(text, kFloat)) return Kind::number;
  if (std::regex_match(text, kDate)) return Kind::date;
  if (std::regex_match(text, kTimestamp)) return Kind::timestamp;
  return Kind::string;
}

Scalar scalar_of(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return {};
  if (!node.IsScalar()) return Scalar{Kind::string, "<not a scalar>"};  // a list or a map
  const std::string& text = node.Scalar();
  if (node.Tag() != "?") return Scalar{Kind::string, text};  // quoted, or explicitly tagged
  const Kind kind = plain_kind(text);
  if (kind == Kind::boolean) {
    const char c = text[0];
    const bool truth = c == 'y' || c == 'Y' || c == 't' || c == 'T' || text == "on" ||
                       text == "On" || text == "ON";
    return Scalar{kind, truth ? "true" : "false"};
  }
  return Scalar{kind, text};
}

// derive-catalog.py's date_or_flag(): a date as YYYY-MM-DD, a boolean, or (when allowed) "".
std::string date_or_flag(const Scalar& value, const std::string& where, const char* field,
                         bool allow_missing) {
  if (value.kind == Kind::null && allow_missing) return "";
  if (value.kind == Kind::boolean) return value.text;
  if (value.kind == Kind::date && Date::parse(value.text)) return value.text;
  throw DeriveError(where + ": " + field + " is neither a date nor a boolean: " +
                    (value.kind == Kind::null ? "None" : value.text));
}

// The ASCII characters Python's str.split() and str.strip() treat as blanks.
bool is_python_blank(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f');
}

// derive-catalog.py's extended_support_name(): eoesColumn as plain text (HTML tags dropped,
// blanks collapsed), "" unless it is a string (`true` only switches the column on).
std::string extended_support_name(const Scalar& value) {
  if (value.kind != Kind::string) return "";
  static const std::regex kTag("<[^>]*>");
  const std::string text = std::regex_replace(value.text, kTag, "");
  std::string words;
  std::size_t i = 0;
  while (i < text.size()) {
    if (is_python_blank(text[i])) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    while (i < text.size() && !is_python_blank(text[i])) ++i;
    if (!words.empty()) words += ' ';
    words.append(text, start, i - start);
  }
  return words;
}

}  // namespace

ProductFile read_product_file(Table& table, const NamedText& product) {
  const std::string where = "products/" + product.name + ".md";
  const std::string& text = product.text;
  if (!text.starts_with("---\n")) throw DeriveError(where + ": no YAML front matter");
  const std::size_t end = text.find("\n---\n", 4);
  if (end == std::string::npos) throw DeriveError(where + ": unterminated YAML front matter");
  YAML::Node root;
  try {
    root = YAML::Load(text.substr(4, end + 1 - 4));
  } catch (const YAML::Exception& e) {
    throw DeriveError(where + ": invalid YAML front matter: " + e.what());
  }
  if (!root.IsMap()) throw DeriveError(where + ": front matter is not a mapping");
  const std::string_view product_name = table.keep(product.name);
  ProductFile file;
  // The readable name; the file name when the title is missing or not text.
  const Scalar title = scalar_of(root["title"]);
  const bool has_title = title.kind == Kind::string &&
                         !std::all_of(title.text.begin(), title.text.end(), is_python_blank);
  file.product = data::ProductRow{product_name, has_title ? table.keep(title.text) : product_name,
                                  table.keep(extended_support_name(scalar_of(root["eoesColumn"])))};
  std::vector<data::CycleRow>& cycles = file.cycles;
  const YAML::Node releases = root["releases"];
  if (!releases || releases.IsNull()) return file;
  if (!releases.IsSequence()) throw DeriveError(where + ": releases is not a list");
  for (const YAML::Node& release : releases) {
    if (!release.IsMap()) throw DeriveError(where + ": a release is not a mapping");
    const Scalar cycle = scalar_of(release["releaseCycle"]);
    if (cycle.kind != Kind::string || cycle.text.empty()) {
      throw DeriveError(where + ": releaseCycle " + cycle.text + " is not a quoted string");
    }
    const std::string cycle_where = where + ": cycle " + cycle.text;
    // latest defaults to "" when absent; codename's null and false become "" (`or ""`).
    const YAML::Node latest_node = release["latest"];
    const Scalar latest = latest_node ? scalar_of(latest_node) : Scalar{Kind::string, ""};
    Scalar codename = scalar_of(release["codename"]);
    if (codename.kind == Kind::null || (codename.kind == Kind::boolean && codename.text == "false"))
      codename = Scalar{Kind::string, ""};
    if (latest.kind != Kind::string || codename.kind != Kind::string) {
      throw DeriveError(cycle_where + ": latest/codename must be strings");
    }
    data::CycleRow row{};
    row.product = product_name;
    row.cycle = table.keep(cycle.text);
    row.codename = table.keep(codename.text);
    row.release_date =
        table.keep(date_or_flag(scalar_of(release["releaseDate"]), where, "releaseDate", true));
    row.eol = table.keep(date_or_flag(scalar_of(release["eol"]), where, "eol", false));
    row.eoes = table.keep(date_or_flag(scalar_of(release["eoes"]), where, "eoes", true));
    row.latest = table.keep(latest.text);
    row.lts = table.keep(date_or_flag(scalar_of(release["lts"]), where, "lts", true));
    cycles.push_back(row);
  }
  return file;
}

}  // namespace whalesafe::catalog
