#include "catalog/catalog.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "catalog/catalog_rows.h"
#include "catalog/eol.h"
#include "catalog/image_ref.h"

namespace whalesafe::catalog {
namespace {

std::vector<std::string_view> split_spaces(std::string_view list) {
  std::vector<std::string_view> items;
  std::size_t start = 0;
  while (start < list.size()) {
    const std::size_t space = std::min(list.find(' ', start), list.size());
    if (space > start) items.push_back(list.substr(start, space - start));
    start = space + 1;
  }
  return items;
}

struct ImageIndex {
  Image image;
  std::unordered_map<std::string_view, std::vector<const Entry*>> by_tag;
};

struct Index {
  std::vector<Entry> entries;  // filled once; Image and by_tag point into it
  std::map<std::string_view, ImageIndex, std::less<>> images;
  std::set<std::string_view, std::less<>> removed;  // mapped to EOL products, no library file
};

Index build_index() {
  Index index;
  const auto rows = data::entries();
  index.entries.reserve(rows.size());
  for (const data::EntryRow& row : rows) {
    index.entries.push_back(Entry{row.image, row.variant, split_spaces(row.tags),
                                  split_spaces(row.shared_tags), split_spaces(row.architectures)});
  }
  for (std::string_view name : data::image_files()) index.images[name].image.name = name;
  for (const Entry& entry : index.entries) {
    ImageIndex& image = index.images.at(entry.image);
    image.image.entries.push_back(&entry);
    for (std::string_view tag : entry.tags) image.by_tag[tag].push_back(&entry);
    for (std::string_view tag : entry.shared_tags) image.by_tag[tag].push_back(&entry);
  }
  for (const data::ImageProductRow& row : data::image_products()) {
    if (row.listing == data::ImageListing::removed) index.removed.insert(row.image);
  }
  return index;
}

const Index& index() {
  static const Index built = build_index();
  return built;
}

const ImageIndex* lookup(std::string_view image) {
  const std::optional<std::string> name = official_image_name(image);
  if (!name) return nullptr;
  const auto found = index().images.find(*name);
  return found == index().images.end() ? nullptr : &found->second;
}

// Of the entries a tag names, the one a Linux client pulls: the first non-Windows entry,
// else the first.
const Entry* pulled_entry(const std::vector<const Entry*>& entries) {
  for (const Entry* entry : entries) {
    if (entry->variant != Variant::windows) return entry;
  }
  return entries.front();
}

// Larger is more precise: a build date never moves; then more version components, a
// version suffix (`_7`, `u502`), more words (an explicit suite instead of the default), and
// last the longer spelling (`alpine3.24` names a release, `alpine` moves with the newest).
auto precision(const ParsedTag& tag) {
  return std::make_tuple(!tag.date_stamp.empty(), tag.version.size(), !tag.version_suffix.empty(),
                         tag.words.size(), tag.text.size());
}

bool same_version(const ParsedTag& a, const ParsedTag& b) {
  return a.version == b.version && a.version_suffix == b.version_suffix &&
         a.v_prefix == b.v_prefix && a.date_stamp == b.date_stamp;
}

std::vector<std::string> sorted_words(std::vector<std::string> words) {
  std::sort(words.begin(), words.end());
  return words;
}

// Numeric order of digit strings of any length ("9" < "24"), without converting (no overflow).
bool number_less(std::string_view a, std::string_view b) {
  while (a.size() > 1 && a.front() == '0') a.remove_prefix(1);
  while (b.size() > 1 && b.front() == '0') b.remove_prefix(1);
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

// Numeric order of dotted versions ("3.9" < "3.24").
bool version_less(const std::string& a, const std::string& b) {
  const auto va = split_version(a);
  const auto vb = split_version(b);
  if (!va || !vb) return a < b;
  return std::lexicographical_compare(
      va->begin(), va->end(), vb->begin(), vb->end(),
      [](const std::string& x, const std::string& y) { return number_less(x, y); });
}

// The maintained tags of `image` with `version` and exactly the multiset `words`, whose
// build has `variant`; the lexicographically first (several are possible only when the
// words come in different orders).
std::optional<Alternative> find_variant(const ImageIndex& image, const ParsedTag& version,
                                        const std::vector<std::string>& words, Variant variant) {
  std::optional<std::string_view> best;
  for (const auto& [tag, entries] : image.by_tag) {
    const ParsedTag candidate = parse_tag(tag);
    if (candidate.latest || !same_version(candidate, version)) continue;
    if (sorted_words(candidate.words) != words) continue;
    if (pulled_entry(entries)->variant != variant) continue;
    if (!best || tag < *best) best = tag;
  }
  if (!best) return std::nullopt;
  return Alternative{*best, variant};
}

}  // namespace

bool Entry::has_tag(std::string_view tag) const {
  return std::find(tags.begin(), tags.end(), tag) != tags.end() ||
         std::find(shared_tags.begin(), shared_tags.end(), tag) != shared_tags.end();
}

ImageStatus image_status(std::string_view image) {
  if (const ImageIndex* found = lookup(image)) {
    return found->image.entries.empty() ? ImageStatus::deprecated : ImageStatus::active;
  }
  const std::optional<std::string> name = official_image_name(image);
  if (name && index().removed.contains(*name)) return ImageStatus::removed;
  return ImageStatus::unknown;
}

const Image* find_image(std::string_view image) {
  const ImageIndex* found = lookup(image);
  return found ? &found->image : nullptr;
}

std::vector<std::string_view> image_names() {
  std::vector<std::string_view> names;
  for (const auto& [name, image] : index().images) names.push_back(name);
  return names;
}

std::vector<std::string_view> tags(std::string_view image) {
  std::vector<std::string_view> out;
  if (const ImageIndex* found = lookup(image)) {
    for (const auto& [tag, entries] : found->by_tag) out.push_back(tag);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool has_tag(std::string_view image, std::string_view tag) {
  return find_entry(image, tag) != nullptr;
}

const Entry* find_entry(std::string_view image, std::string_view tag) {
  const ImageIndex* found = lookup(image);
  if (!found) return nullptr;
  const auto entries = found->by_tag.find(tag);
  if (entries == found->by_tag.end()) return nullptr;
  return pulled_entry(entries->second);
}

std::vector<std::string_view> tag_architectures(std::string_view image, std::string_view tag) {
  std::vector<std::string_view> architectures;
  const ImageIndex* found = lookup(image);
  if (!found) return architectures;
  const auto entries = found->by_tag.find(tag);
  if (entries == found->by_tag.end()) return architectures;
  for (const Entry* entry : entries->second) {
    for (std::string_view architecture : entry->architectures) {
      if (std::find(architectures.begin(), architectures.end(), architecture) ==
          architectures.end()) {
        architectures.push_back(architecture);
      }
    }
  }
  return architectures;
}

std::optional<std::string_view> pinned_tag(std::string_view image, std::string_view tag) {
  const Entry* entry = find_entry(image, tag);
  if (!entry) return std::nullopt;
  std::string_view best = entry->tags.front();
  ParsedTag best_parsed = parse_tag(best);
  for (std::string_view candidate : entry->tags) {
    const ParsedTag parsed = parse_tag(candidate);
    const auto a = precision(parsed);
    const auto b = precision(best_parsed);
    if (a > b || (a == b && candidate < best)) {
      best = candidate;
      best_parsed = parsed;
    }
  }
  return best;
}

std::optional<LatestVersion> latest_version(std::string_view image) {
  const Entry* entry = find_entry(image, "latest");
  if (!entry) return std::nullopt;
  LatestVersion out{*pinned_tag(image, "latest"), ""};
  std::size_t components = 0;
  for (std::string_view tag : entry->tags) {
    const ParsedTag parsed = parse_tag(tag);
    if (parsed.version.size() > components) {
      components = parsed.version.size();
      out.version = parsed.version_text();
    }
  }
  return out;
}

std::optional<Alternative> slim_alternative(std::string_view image, std::string_view tag) {
  const ImageIndex* found = lookup(image);
  const Entry* entry = find_entry(image, tag);
  if (!found || !entry || entry->variant != Variant::regular) return std::nullopt;
  const ParsedTag wanted = parse_tag(tag);
  std::vector<std::string> words = wanted.words;
  words.emplace_back("slim");
  return find_variant(*found, wanted, sorted_words(std::move(words)), Variant::slim);
}

std::optional<Alternative> alpine_alternative(std::string_view image, std::string_view tag) {
  const ImageIndex* found = lookup(image);
  const Entry* entry = find_entry(image, tag);
  if (!found || !entry) return std::nullopt;
  if (entry->variant == Variant::alpine || entry->variant == Variant::windows) return std::nullopt;
  const ParsedTag wanted = parse_tag(tag);
  std::vector<std::string> words;
  for (const std::string& word : wanted.words) {
    if (word != "slim" && !is_distro_suite(word)) words.push_back(word);
  }
  std::vector<std::string> moving = words;
  moving.emplace_back("alpine");
  if (auto exact = find_variant(*found, wanted, sorted_words(moving), Variant::alpine)) {
    return exact;
  }
  // Only pinned Alpine releases: the newest one that has the same version and words.
  std::set<std::string> releases;
  for (const auto& [candidate, entries] : found->by_tag) {
    if (auto release = parse_tag(candidate).alpine_release()) releases.insert(*release);
  }
  std::vector<std::string> ordered(releases.begin(), releases.end());
  std::sort(ordered.begin(), ordered.end(), version_less);
  for (auto release = ordered.rbegin(); release != ordered.rend(); ++release) {
    for (std::string spelling : {"alpine" + *release, "alpine-" + *release}) {
      std::vector<std::string> pinned = words;
      pinned.push_back(std::move(spelling));
      if (auto hit = find_variant(*found, wanted, sorted_words(pinned), Variant::alpine)) {
        return hit;
      }
    }
  }
  return std::nullopt;
}

std::optional<Alternative> smaller_alternative(std::string_view image, std::string_view tag) {
  if (auto slim = slim_alternative(image, tag)) return slim;
  return alpine_alternative(image, tag);
}

std::vector<Source> sources() {
  std::vector<Source> out;
  for (const data::SourceRow& row : data::sources()) {
    out.push_back(Source{row.repository, row.commit, row.commit_time,
                         Date::parse(row.commit_time).value_or(Date{})});
  }
  return out;
}

Date snapshot_date() {
  const std::vector<Source> all = sources();
  Date oldest = all.front().date;
  for (const Source& source : all) oldest = std::min(oldest, source.date);
  return oldest;
}

}  // namespace whalesafe::catalog
