// Reading an image tag as version components and variant words.
//
// Official-image tags are hyphen-separated words, roughly <version>[-<variant>][-<suite>],
// with the order of variant and suite differing between images (`3.12.4-slim-bookworm`,
// `24.19.0-bookworm-slim`). parse_tag() does not rely on positions: the first word that
// starts with a digit (or `v` and a digit) is the version, an eight-digit YYYYMMDD word is a
// build date stamp, and every other word is kept as a variant word. Comparing tags by
// (version, set of words) is what lets the catalog find `3.12-slim` for `3.12`, or
// `20-bookworm-slim` for `20-bookworm`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace whalesafe::catalog {

// What kind of build a tag or entry names. Precedence when several apply: windows > alpine >
// slim > regular (nginx's `alpine-slim` is an Alpine build).
enum class Variant { regular, slim, alpine, windows };

std::string_view to_string(Variant variant);

struct ParsedTag {
  std::string text;  // the tag as given

  // "3.12.4" for `3.12.4-slim`, "3.15.0" for `3.15.0rc1`, "25.0.4" for `25.0.4_7-jdk`, "8"
  // for `8u502-b07`; empty when no word starts with a digit (`bookworm`, `latest`).
  std::vector<std::string> version;  // components as written ("07" stays "07")
  std::string version_suffix;        // what follows the digits in that word: "rc1", "_7", "u502"
  bool v_prefix = false;             // traefik's `v3.7.11`
  std::string date_stamp;            // "20260803" (debian), "20260811.1" (ubuntu)
  // Every other word, in order. `alpine-3.24` (eclipse-temurin's spelling) stays one word.
  std::vector<std::string> words;
  bool latest = false;  // the word `latest` (never kept in words)

  std::string version_text() const;  // components joined with '.', plus the suffix
  bool has_word(std::string_view word) const;
  bool prerelease() const;  // rc/alpha/beta/ea/dev builds (`3.15-rc`, `19beta3`, `28-ea-11`)
  Variant variant() const;
  // "3.24" for the words `alpine3.24` and `alpine-3.24`; nullopt for plain `alpine` (which
  // moves with the newest Alpine release) or a non-Alpine tag.
  std::optional<std::string> alpine_release() const;
};

ParsedTag parse_tag(std::string_view tag);

// "3.12.4" -> {"3", "12", "4"}; nullopt unless the text is digits separated by single dots.
std::optional<std::vector<std::string>> split_version(std::string_view text);

// The Alpine release a single word names ("alpine3.24" and "alpine-3.24" -> "3.24"), or ""
// for the bare word "alpine"; nullopt when the word is not an Alpine word at all.
std::optional<std::string> alpine_word_release(std::string_view word);

}  // namespace whalesafe::catalog
