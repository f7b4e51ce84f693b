// End-of-life answers from the endoflife.date snapshot: which release cycle a tag names,
// and whether that cycle is past its end of life on a date the caller gives (the catalog
// never reads the clock). The image -> product mapping is image_eol_products.tsv; see
// docs/catalog.md for the table and the matching rules.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/date.h"

namespace whalesafe::catalog {

// How endoflife.date states a cycle's `eol`: a date, `true` (ended, date unknown) or `false`
// (not ended, no date announced).
enum class EolKind { date, ended, not_announced };

// Extended support after the end of life (endoflife.date's `eoes`: Debian LTS, Ubuntu ESM, RHEL
// ELS, vendors' commercial support): often paid, limited to some packages, or both.
enum class ExtendedSupport {
  none,          // the cycle has none (no `eoes`)
  until_date,    // ends on extended_until
  ended,         // `eoes: true`: over, date unknown
  no_end_known,  // `eoes: false`: not over, no end announced
};

struct Cycle {
  std::string_view product;       // endoflife.date file name without ".md": "python", "nodejs"
  std::string_view product_name;  // readable (endoflife.date's title): "Python", "Node.js"
  std::string_view cycle;         // releaseCycle as written: "3.10", "24.04", "humble"
  std::string_view codename;      // "Bookworm", "Noble Numbat", or ""
  std::optional<Date> release_date;
  EolKind eol_kind = EolKind::not_announced;
  std::optional<Date> eol_date;  // set when eol_kind == date
  std::string_view latest;       // newest release of the cycle ("3.7.17"), may be empty
  std::string_view lts;          // "true", "false", "" or the date it becomes LTS (nodejs)
  ExtendedSupport extended = ExtendedSupport::none;
  std::optional<Date> extended_until;  // set when extended == until_date
  // The product's name for its extended support ("Debian LTS", "Expanded Security
  // Maintenance", "Commercial Support"), or "" when endoflife.date gives none.
  std::string_view extended_name;

  // EOL on `today`: `eol: true`, or an eol date on or before `today`.
  bool past_eol(Date today) const;
  // Past its end of life on `today`, but still in extended support then (`eoes` after today,
  // or not ended).
  bool in_extended_support(Date today) const;
  // "Node.js 16", "Debian 12 (Bookworm)", "Ubuntu 22.04 (Jammy Jellyfish)": the readable
  // product name, the cycle and its codename when that says more than the cycle.
  std::string display_name() const;
  // Whether the cycle is a long-term-support line on `today` (node 26 only from 2026-10-28).
  bool lts_on(Date today) const;
  // The word Docker tags use for the codename: its first word, lower-cased ("noble").
  std::string codename_word() const;
};

struct EolStatus {
  Cycle cycle;
  std::string tag;      // the tag that was read: the most precise alias of a maintained tag
                        // (node:lts -> 24.19.0-bookworm), else the tag as given
  std::string matched;  // what selected the cycle: a version prefix ("3.7") or a word ("bookworm")
  bool past_eol = false;
};

// The endoflife.date products mapped to an image, in matching order (empty: none).
std::vector<std::string_view> eol_products(std::string_view image);
// A product's cycles in file order (meant to be newest first); empty for unknown products.
std::span<const Cycle> product_cycles(std::string_view product);

// The release cycle `image:tag` names and whether it is past EOL on `today`. A maintained
// tag is first resolved to its most precise alias, so aliases work (`python:3`,
// `node:lts`, `debian:latest`). The version's longest dotted prefix that is a cycle wins
// (3.7.17 -> "3.7", 7.9.2009 -> "7"); failing that, a word equal to a cycle or its codename
// (`bookworm` -> debian "12", `humble` -> ros-2), or the image name followed by a version
// (`centos7`). nullopt when the image has no EOL product or no cycle matches (`alpine:edge`,
// mysql's innovation tags, `latest` of an image without a `latest` tag).
std::optional<EolStatus> eol_status(std::string_view image, std::string_view tag, Date today);

// The base system a tag's words name, on the same terms: Debian and Ubuntu suites
// (`-bookworm`, `-jammy`), `alpine3.NN`/`alpine-3.NN`, Amazon Linux (`al2023`), RHEL UBI
// (`ubi9`), Oracle Linux (`oraclelinux9`), AlmaLinux (`almalinux10`), `debian13`,
// `ubuntu-22.04` and Windows (`windowsservercore-ltsc2022`). python:3.12 reads its pinned
// alias 3.12.x-trixie, so an implicit default suite is found too. nullopt when no word names a
// known base.
std::optional<EolStatus> base_eol_status(std::string_view image, std::string_view tag, Date today);

// Whether a tag word is a Debian or Ubuntu suite codename (`bookworm`, `noble`).
bool is_distro_suite(std::string_view word);

}  // namespace whalesafe::catalog
