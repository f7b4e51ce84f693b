#include "cli/catalog_cache.h"

#include <exception>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>

#include "catalog/table.h"
#include "fs/cache_dir.h"

namespace whalesafe::cli {
namespace {

// A real table is about 400 KiB; anything far larger is not one (and is not read whole).
constexpr std::uintmax_t kMaxCacheBytes = 64u * 1024u * 1024u;

enum class CacheState { none, used, older, unreadable };

struct CacheStatus {
  CacheState state = CacheState::none;
  std::filesystem::path path;
  std::string date;  // the cache's snapshot date, when it read
};

CacheStatus& status() {
  static CacheStatus s;
  return s;
}

std::string compiled_date() {
  return catalog::table_snapshot_date(catalog::compiled_table())
      .value_or(catalog::Date{})
      .to_string();
}

}  // namespace

std::optional<std::filesystem::path> catalog_cache_path() {
  std::optional<std::filesystem::path> dir = fs::user_cache_dir();
  if (!dir) return std::nullopt;
  return *dir / "catalog_data.inc";
}

namespace {

void activate(std::ostream& warnings) {
  const std::optional<std::filesystem::path> path = catalog_cache_path();
  if (!path) return;
  std::error_code ec;
  if (!std::filesystem::exists(*path, ec)) return;
  CacheStatus& s = status();
  s.path = *path;
  const auto ignore = [&](const std::string& why) {
    s.state = CacheState::unreadable;
    warnings << "whalesafe: warning: ignoring the catalog cache " << path->string() << ": " << why
             << "; using the compiled-in catalog (run 'whalesafe catalog update' to rewrite it)\n";
  };
  const std::uintmax_t size = std::filesystem::file_size(*path, ec);
  if (ec) return ignore(ec.message());
  if (size > kMaxCacheBytes) return ignore("larger than 64 MiB");
  std::ifstream in(*path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) return ignore("cannot read it");
  catalog::TableParse parse = catalog::parse_table_text(text.str());
  if (!parse.table) return ignore("not a catalog table (" + parse.error + ")");
  const std::optional<catalog::Date> date = catalog::table_snapshot_date(*parse.table);
  s.date = date.value_or(catalog::Date{}).to_string();
  // A cache older than this build's own table (written before an upgrade) would go backwards.
  if (s.date < compiled_date()) {
    s.state = CacheState::older;
    return;
  }
  if (!catalog::use_table(std::move(*parse.table))) return ignore("the catalog was already in use");
  s.state = CacheState::used;
}

}  // namespace

void activate_catalog_cache(std::ostream& warnings) {
  try {
    activate(warnings);
  } catch (const std::exception& e) {  // e.g. out of memory: the compiled-in table still works
    warnings << "whalesafe: warning: ignoring the catalog cache: " << e.what() << '\n';
  }
}

void print_catalog_version(std::ostream& out) {
  const CacheStatus& s = status();
  const std::string compiled = compiled_date();
  switch (s.state) {
    case CacheState::none:
      out << "catalog snapshot " << compiled << " (compiled in)\n";
      break;
    case CacheState::used:
      out << "catalog snapshot " << s.date << " (cache " << s.path.string() << "; compiled in "
          << compiled << ")\n";
      break;
    case CacheState::older:
      out << "catalog snapshot " << compiled << " (compiled in; the cache " << s.path.string()
          << " of " << s.date << " is older, not used)\n";
      break;
    case CacheState::unreadable:
      out << "catalog snapshot " << compiled << " (compiled in; the cache " << s.path.string()
          << " is unreadable, not used)\n";
      break;
  }
}

}  // namespace whalesafe::cli
