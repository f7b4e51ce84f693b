#include "rewrites/pin_choice.h"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "catalog/tag.h"

namespace whalesafe::rewrites {
namespace {

// Whether the official image still published the tag after the cycle's end-of-life date: the
// snapshot lists it and is newer than that date. endoflife.date dates the end of regular
// support; a distribution whose images are still rebuilt then (Debian and Ubuntu LTS) still
// gets security fixes.
bool still_published(std::string_view image, std::string_view tag, const catalog::Cycle& c) {
  return c.eol_kind == catalog::EolKind::date && c.eol_date &&
         *c.eol_date < catalog::snapshot_date() && catalog::has_tag(image, tag);
}

// Whether the tag as written names the base system (`3.11-buster`). A maintained tag that
// does not (`node:22`) is on whatever system its maintainers still build it on.
bool names_base(std::string_view tag, std::string_view matched) {
  return !matched.empty() && tag.find(matched) != std::string_view::npos;
}

// Numeric order of digit strings ("9" < "10"), without converting.
bool number_less(std::string_view a, std::string_view b) {
  while (a.size() > 1 && a.front() == '0') a.remove_prefix(1);
  while (b.size() > 1 && b.front() == '0') b.remove_prefix(1);
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

bool version_less(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::lexicographical_compare(
      a.begin(), a.end(), b.begin(), b.end(),
      [](const std::string& x, const std::string& y) { return number_less(x, y); });
}

std::vector<std::string> sorted(std::vector<std::string> words) {
  std::sort(words.begin(), words.end());
  return words;
}

// Strictly supported on `day`: a release in extended support only is not an upgrade target.
// Images without end-of-life data are judged only when the tag they replace had none either.
bool supported(std::string_view image, std::string_view tag, catalog::Date day, bool known) {
  const auto status = catalog::eol_status(image, tag, day);
  if (!status) return !known;
  if (status->past_eol) return false;
  const auto base = catalog::base_eol_status(image, tag, day);
  return !(base && base->past_eol && names_base(tag, base->matched));
}

// The words of a tag other than its first distribution suite (`buster` in `buster-slim`),
// sorted; nullopt when the tag names no suite.
std::optional<std::vector<std::string>> words_besides_suite(const catalog::ParsedTag& tag) {
  std::vector<std::string> others;
  bool has_suite = false;
  for (const std::string& word : tag.words) {
    if (!has_suite && catalog::is_distro_suite(word)) {
      has_suite = true;
    } else {
      others.push_back(word);
    }
  }
  if (!has_suite) return std::nullopt;
  return sorted(std::move(others));
}

// A version-less codename tag (`buster-slim`): the supported codename whose end of life is
// nearest, with the same other words.
std::optional<std::string> codename_successor(std::string_view image,
                                              const catalog::ParsedTag& from, catalog::Date day) {
  const std::optional<std::vector<std::string>> others = words_besides_suite(from);
  if (!others) return std::nullopt;
  std::optional<std::string> best;
  std::optional<catalog::Date> best_end;
  for (std::string_view candidate : catalog::tags(image)) {
    const catalog::ParsedTag t = catalog::parse_tag(candidate);
    if (t.latest || !t.version.empty() || !t.date_stamp.empty()) continue;
    if (words_besides_suite(t) != others) continue;
    const auto status = catalog::eol_status(image, candidate, day);
    if (!status || status->past_eol) continue;
    const std::optional<catalog::Date> end = status->cycle.eol_date;
    const bool nearer = !best || (end && (!best_end || *end < *best_end)) ||
                        (end == best_end && std::string(candidate) < *best);
    if (nearer) {
      best = std::string(candidate);
      best_end = end;
    }
  }
  return best;
}

// Larger is more precise (the catalog's order for pinned_tag): a build date, more version
// components, a version suffix, more words, the longer spelling.
auto precision(const catalog::ParsedTag& tag) {
  return std::make_tuple(!tag.date_stamp.empty(), tag.version.size(), !tag.version_suffix.empty(),
                         tag.words.size(), tag.text.size());
}

// `21-jdk` -> `21-jre`, `21` -> `21-jre`: the JRE build of the same version.
std::optional<catalog::Alternative> runtime_alternative(std::string_view image,
                                                        std::string_view tag) {
  const catalog::ParsedTag from = catalog::parse_tag(tag);
  if (from.has_word("jre")) return std::nullopt;
  std::vector<std::string> words;
  for (const std::string& word : from.words) {
    if (word != "jdk") words.push_back(word);
  }
  words.emplace_back("jre");
  words = sorted(std::move(words));
  std::optional<std::string_view> best;
  for (std::string_view candidate : catalog::tags(image)) {
    const catalog::ParsedTag t = catalog::parse_tag(candidate);
    if (t.latest || t.version != from.version || t.version_suffix != from.version_suffix ||
        t.v_prefix != from.v_prefix || t.date_stamp != from.date_stamp ||
        sorted(t.words) != words) {
      continue;
    }
    const catalog::Entry* entry = catalog::find_entry(image, candidate);
    if (entry == nullptr || entry->variant != catalog::Variant::regular) continue;
    if (!best || candidate < *best) best = candidate;
  }
  if (!best) return std::nullopt;
  return catalog::Alternative{*best, catalog::Variant::regular};
}

bool fits(std::string_view tag, const PinRequest& request) {
  return tag.size() >= request.prefix.size() + request.suffix.size() &&
         tag.starts_with(request.prefix) && tag.ends_with(request.suffix);
}

// The most precise alias of `tag`'s build that fits the request's surrounding text.
std::optional<std::string> precise_alias(const PinRequest& request, std::string_view tag) {
  const catalog::Entry* entry = catalog::find_entry(request.image, tag);
  if (entry == nullptr) return std::nullopt;
  std::optional<std::string_view> best;
  catalog::ParsedTag best_parsed;
  for (const auto* list : {&entry->tags, &entry->shared_tags}) {
    for (std::string_view candidate : *list) {
      if (!fits(candidate, request)) continue;
      // A shared tag may name other builds too; use it only if it names this one for Linux.
      if (list == &entry->shared_tags && catalog::find_entry(request.image, candidate) != entry) {
        continue;
      }
      catalog::ParsedTag parsed = catalog::parse_tag(candidate);
      if (parsed.latest) continue;
      if (!best || precision(parsed) > precision(best_parsed) ||
          (precision(parsed) == precision(best_parsed) && candidate < *best)) {
        best = candidate;
        best_parsed = std::move(parsed);
      }
    }
    if (best) break;  // the entry's own tags first: shared ones only when none fits
  }
  if (!best) return std::nullopt;
  return std::string(*best);
}

// Answers of a function of the image catalog, by a key of its arguments. The catalog never
// changes once it is in use (catalog::use_table refuses then), so an answer stays true for the
// rest of the process: the base-image rules ask the same questions at every analysis of a
// document, and each answer parses every tag of the image. Shared by threads.
template <typename Value>
class CatalogAnswers {
 public:
  template <typename Compute>
  Value get(const std::string& key, Compute&& compute) {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      const auto found = answers_.find(key);
      if (found != answers_.end()) return found->second;
    }
    Value value = compute();
    const std::lock_guard<std::mutex> lock(mutex_);
    if (answers_.size() >= kMaxAnswers) answers_.clear();  // a bound, never reached in practice
    answers_.emplace(key, value);
    return value;
  }

 private:
  static constexpr std::size_t kMaxAnswers = 1 << 14;
  std::mutex mutex_;
  std::unordered_map<std::string, Value> answers_;
};

std::string day_key(catalog::Date day) {
  return fmt::format("{}-{}-{}", day.year, day.month, day.day);
}

}  // namespace

namespace {

std::optional<EolVerdict> compute_ended(std::string_view image, std::string_view tag,
                                        catalog::Date day) {
  if (auto s = catalog::eol_status(image, tag, day);
      s && s->past_eol && !still_published(image, tag, s->cycle)) {
    return EolVerdict{std::move(*s), false};
  }
  if (auto b = catalog::base_eol_status(image, tag, day);
      b && b->past_eol && names_base(tag, b->matched) && !still_published(image, tag, b->cycle)) {
    return EolVerdict{std::move(*b), true};
  }
  return std::nullopt;
}

}  // namespace

std::optional<EolVerdict> ended(std::string_view image, std::string_view tag, catalog::Date day) {
  static CatalogAnswers<std::optional<EolVerdict>> answers;
  return answers.get(fmt::format("{}\n{}\n{}", image, tag, day_key(day)),
                     [&] { return compute_ended(image, tag, day); });
}

namespace {

std::optional<std::string> compute_successor(std::string_view image, std::string_view tag,
                                             catalog::Date day) {
  const catalog::ParsedTag from = catalog::parse_tag(tag);
  if (!from.date_stamp.empty() || from.latest) return std::nullopt;
  if (from.version.empty()) return codename_successor(image, from, day);
  // An ended base system named in the tag gives way to the image's default one.
  std::vector<std::string> words;
  const auto base = catalog::base_eol_status(image, tag, day);
  const bool base_ended = base && base->past_eol && names_base(tag, base->matched);
  for (const std::string& word : from.words) {
    if (base_ended && word == base->matched) {
      if (catalog::alpine_word_release(word)) words.emplace_back("alpine");
      continue;
    }
    words.push_back(word);
  }
  words = sorted(std::move(words));
  const bool known = catalog::eol_status(image, tag, day).has_value();
  std::optional<catalog::ParsedTag> best;
  for (std::string_view candidate : catalog::tags(image)) {
    catalog::ParsedTag t = catalog::parse_tag(candidate);
    if (t.latest || t.prerelease() || !t.date_stamp.empty() || t.v_prefix != from.v_prefix ||
        t.version.size() != from.version.size() ||
        t.version_suffix.empty() != from.version_suffix.empty() || sorted(t.words) != words ||
        version_less(t.version, from.version) || candidate == tag) {
      continue;
    }
    if (!supported(image, candidate, day, known)) continue;
    if (!best || version_less(t.version, best->version) ||
        (t.version == best->version && t.text < best->text)) {
      best = std::move(t);
    }
  }
  if (!best) return std::nullopt;
  return best->text;
}

}  // namespace

std::optional<std::string> supported_successor(std::string_view image, std::string_view tag,
                                               catalog::Date day) {
  static CatalogAnswers<std::optional<std::string>> answers;
  return answers.get(fmt::format("{}\n{}\n{}", image, tag, day_key(day)),
                     [&] { return compute_successor(image, tag, day); });
}

namespace {

std::optional<catalog::Alternative> compute_small_form(std::string_view image,
                                                       std::string_view tag) {
  const catalog::Entry* entry = catalog::find_entry(image, tag);
  if (entry == nullptr || entry->variant != catalog::Variant::regular) return std::nullopt;
  // A JRE is already the runtime-only form of its image.
  if (catalog::parse_tag(tag).has_word("jre")) return std::nullopt;
  if (auto slim = catalog::slim_alternative(image, tag)) return slim;
  if (auto jre = runtime_alternative(image, tag)) return jre;
  return catalog::alpine_alternative(image, tag);
}

}  // namespace

// (The alternative's tag views the catalog's own table, which lives as long as the process.)
std::optional<catalog::Alternative> small_form(std::string_view image, std::string_view tag) {
  static CatalogAnswers<std::optional<catalog::Alternative>> answers;
  return answers.get(fmt::format("{}\n{}", image, tag),
                     [&] { return compute_small_form(image, tag); });
}

namespace {

PinPlan compute_pin(const PinRequest& request) {
  const std::string& image = request.image;
  if (catalog::find_image(image) == nullptr) {
    return {std::nullopt, fmt::format("the image catalog does not know '{}'", image)};
  }
  PinChoice choice;
  if (request.tag == "latest") {
    if (!catalog::has_tag(image, "latest")) {
      return {std::nullopt, fmt::format("'{}' has no 'latest' tag to pin", image)};
    }
    choice.line = "latest";
  } else if (catalog::has_tag(image, request.tag) && !ended(image, request.tag, request.day)) {
    choice.line = request.tag;
  } else {
    std::optional<std::string> next = supported_successor(image, request.tag, request.day);
    if (!next) {
      return {std::nullopt,
              fmt::format("the image catalog knows no maintained, supported tag of '{}' with the "
                          "same variant as '{}'",
                          image, request.tag)};
    }
    choice.upgraded = ended(image, request.tag, request.day).has_value();
    choice.line = std::move(*next);
  }
  std::string chosen = choice.line;
  if (request.small) {
    if (const auto alt = small_form(image, chosen)) {
      chosen = std::string(alt->tag);
      choice.smaller = true;
    }
  }
  std::optional<std::string> alias = precise_alias(request, chosen);
  if (!alias && choice.smaller) {
    // The surrounding text fits no alias of the small form: keep the variant, pin the version.
    chosen = choice.line;
    choice.smaller = false;
    alias = precise_alias(request, chosen);
  }
  if (!alias) {
    return {std::nullopt,
            fmt::format("no tag of the build '{}:{}' fits the text around the variable ('{}…{}')",
                        image, chosen, request.prefix, request.suffix)};
  }
  choice.tag = std::move(*alias);
  return {std::move(choice), ""};
}

}  // namespace

PinPlan choose_pin(const PinRequest& request) {
  static CatalogAnswers<PinPlan> answers;
  return answers.get(
      fmt::format("{}\n{}\n{}\n{}\n{}\n{}", request.image, request.tag, request.small,
                  day_key(request.day), request.prefix, request.suffix),
      [&] { return compute_pin(request); });
}

}  // namespace whalesafe::rewrites
