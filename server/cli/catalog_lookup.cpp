#include "cli/catalog_lookup.h"

#include <fmt/format.h>

#include <ostream>
#include <string>

#include "catalog/catalog.h"
#include "catalog/eol.h"
#include "catalog/image_ref.h"
#include "catalog/platform.h"

namespace whalesafe::cli {
namespace {

namespace cat = whalesafe::catalog;

// "Python 3.12, end of life 2028-10-31: supported on 2026-11-23", then its extended support.
std::string describe_cycle(const cat::Cycle& c, cat::Date day) {
  std::string text = c.display_name() + ", ";
  switch (c.eol_kind) {
    case cat::EolKind::date:
      text += "end of life " + c.eol_date->to_string();
      break;
    case cat::EolKind::ended:
      text += "end of life (no date published)";
      break;
    case cat::EolKind::not_announced:
      text += "no end of life announced";
      break;
  }
  text += fmt::format(": {} on {}", c.past_eol(day) ? "past" : "supported", day.to_string());
  const std::string_view label = c.extended_name.empty() ? "extended support" : c.extended_name;
  switch (c.extended) {
    case cat::ExtendedSupport::until_date:
      text += fmt::format("; {} until {}", label, c.extended_until->to_string());
      break;
    case cat::ExtendedSupport::ended:
      text += fmt::format("; {} ended", label);
      break;
    case cat::ExtendedSupport::no_end_known:
      text += fmt::format("; {}, no end announced", label);
      break;
    case cat::ExtendedSupport::none:
      break;
  }
  if (c.in_extended_support(day)) {
    text += " (only extended support remains)";
  } else if (c.past_eol(day) && c.extended != cat::ExtendedSupport::none) {
    text += " (over too)";
  }
  return text;
}

std::string platforms(const std::vector<std::string_view>& architectures) {
  std::string list;
  for (std::string_view architecture : architectures) {
    const std::optional<cat::Platform> p = cat::platform_of_architecture(architecture);
    if (!list.empty()) list += ", ";
    list += p ? p->to_string() : std::string(architecture);
  }
  return list;
}

}  // namespace

bool describe_reference(std::ostream& out, std::string_view reference, cat::Date day) {
  const cat::ImageRef ref = cat::split_reference(reference);
  const std::optional<std::string> image = cat::official_image_name(ref.name);
  if (!image) return false;
  const cat::ImageStatus status = cat::image_status(*image);
  if (status == cat::ImageStatus::unknown) return false;
  const std::string tag = ref.effective_tag();

  out << reference << '\n';
  if (status == cat::ImageStatus::deprecated) {
    out << "  image: deprecated (official-images keeps its file, with no tags)\n";
  } else if (status == cat::ImageStatus::removed) {
    out << "  image: removed from official-images\n";
  }
  if (tag.empty()) {
    out << "  tag: none (a digest alone names the image)\n";
    return true;
  }
  if (const cat::Entry* entry = cat::find_entry(*image, tag)) {
    const std::optional<std::string_view> pin = cat::pinned_tag(*image, tag);
    out << "  tag: maintained";
    if (pin && *pin != tag) out << "; most precise pin " << *pin;
    out << '\n';
    out << "  variant: " << cat::to_string(entry->variant) << '\n';
    out << "  platforms: " << platforms(cat::tag_architectures(*image, tag)) << '\n';
  } else if (status == cat::ImageStatus::active) {
    out << fmt::format("  tag: not maintained (not listed in the snapshot of {})\n",
                       cat::snapshot_date().to_string());
  }
  const std::optional<cat::EolStatus> release = cat::eol_status(*image, tag, day);
  if (release) out << "  release: " << describe_cycle(release->cycle, day) << '\n';
  const std::optional<cat::EolStatus> base = cat::base_eol_status(*image, tag, day);
  if (base && (!release || base->cycle.product != release->cycle.product ||
               base->cycle.cycle != release->cycle.cycle)) {
    out << "  base system: " << describe_cycle(base->cycle, day) << '\n';
  }
  if (const auto smaller = cat::smaller_alternative(*image, tag)) {
    out << fmt::format("  smaller variant: {}:{} ({})\n", *image, smaller->tag,
                       cat::to_string(smaller->variant));
  }
  return true;
}

}  // namespace whalesafe::cli
