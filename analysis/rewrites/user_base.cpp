#include "rewrites/user_base.h"

#include <fmt/format.h>

#include "catalog/catalog.h"
#include "catalog/eol.h"
#include "catalog/image_ref.h"
#include "catalog/tag.h"
#include "syntax/ascii.h"

namespace whalesafe::rewrites {
namespace {

constexpr std::string_view kNoShadowUtils =
    "has no useradd or groupadd (shadow-utils is not installed in it)";

BaseFacts unknown(BaseFacts f, std::string why) {
  f.family = BaseFamily::kUnknown;
  f.why_unknown = std::move(why);
  return f;
}

BaseFacts known(BaseFacts f, BaseFamily family, std::string distro) {
  f.family = family;
  f.distro = std::move(distro);
  return f;
}

// Minimal images of the RHEL family use microdnf and leave shadow-utils out.
bool minimal_tag(const catalog::ParsedTag& tag) {
  return tag.has_word("minimal") || tag.has_word("micro") || tag.has_word("slim");
}

// Red Hat's UBI images outside Docker Hub's library: registry.access.redhat.com/ubi9,
// redhat/ubi9, registry.access.redhat.com/ubi9/ubi-minimal.
std::optional<BaseFacts> red_hat_ubi(BaseFacts f, std::string_view name) {
  const std::size_t slash = name.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view last = name.substr(slash + 1);
  const std::string_view parent = name.substr(0, slash);
  const bool ubi_repo = last.starts_with("ubi");
  const bool ubi_parent = parent.ends_with("/ubi8") || parent.ends_with("/ubi9") ||
                          parent.ends_with("/ubi10") || parent == "ubi8" || parent == "ubi9";
  if (!ubi_repo && !ubi_parent) return std::nullopt;
  if (last.find("minimal") != std::string_view::npos ||
      last.find("micro") != std::string_view::npos) {
    return unknown(f, fmt::format("'{}' {}", f.image, kNoShadowUtils));
  }
  return known(f, BaseFamily::kRhel, "Red Hat UBI");
}

BaseFacts from_base_system(BaseFacts f, const catalog::EolStatus& base,
                           const catalog::ParsedTag& tag) {
  const std::string_view product = base.cycle.product;
  const std::string distro = base.cycle.display_name();
  if (product == "debian" || product == "ubuntu") return known(f, BaseFamily::kDebian, distro);
  if (product == "alpine-linux") return known(f, BaseFamily::kAlpine, distro);
  if (product == "rhel" || product == "oracle-linux" || product == "almalinux" ||
      product == "rocky-linux" || product == "centos" || product == "fedora") {
    if (minimal_tag(tag)) return unknown(f, fmt::format("'{}' {}", f.image, kNoShadowUtils));
    return known(f, BaseFamily::kRhel, distro);
  }
  if (product == "amazon-linux") {
    return unknown(f,
                   fmt::format("'{}' is built on {}, which {}", f.image, distro, kNoShadowUtils));
  }
  return unknown(
      f, fmt::format("'{}' is built on {}, which has no POSIX user tools", f.image, distro));
}

}  // namespace

const model::Stage& chain_root(const model::Model& m, const model::Stage& stage) {
  const model::Stage* s = &stage;
  for (std::size_t hops = 0; s->base.stage && *s->base.stage < s->index && hops < m.stages.size();
       ++hops) {
    s = &m.stages[*s->base.stage];
  }
  return *s;
}

BaseFacts base_facts(const rules::RuleContext& ctx, const model::Stage& stage) {
  const model::Stage& root = chain_root(ctx.model(), stage);
  BaseFacts f;
  if (root.base.scratch) {
    f.image = "scratch";
    f.provided = "65532:65532";
    return known(f, BaseFamily::kScratch, "scratch");
  }
  if (!root.base.resolved || root.base.resolved->empty() ||
      root.base.resolved->find('$') != std::string::npos) {
    return unknown(f, "the base image is only known at build time");
  }
  f.image = *root.base.resolved;
  const catalog::ImageRef ref = catalog::split_reference(f.image);
  const std::string name = syntax::ascii_lower(ref.name);
  if (name.starts_with("gcr.io/distroless/")) {
    f.provided = "65532:65532";
    return known(f, BaseFamily::kDistroless, "distroless");
  }
  if (auto ubi = red_hat_ubi(f, name)) return *ubi;
  const std::optional<std::string> official = catalog::official_image_name(ref.name);
  if (!official) {
    return unknown(f, fmt::format("'{}' is not a Docker Official Image, so which distribution "
                                  "it is built on is unknown",
                                  f.image));
  }
  const std::string tag_text = ref.effective_tag();
  if (tag_text.empty()) {
    return unknown(f, fmt::format("'{}' is pinned by digest only, so which distribution it is "
                                  "built on is unknown",
                                  f.image));
  }
  const catalog::ParsedTag tag = catalog::parse_tag(tag_text);
  const std::string& image = *official;
  // Users the official images create for their own processes.
  if (image == "node") f.provided = "node";
  if (image == "debian") return known(f, BaseFamily::kDebian, "Debian");
  if (image == "ubuntu") return known(f, BaseFamily::kDebian, "Ubuntu");
  if (image == "alpine") return known(f, BaseFamily::kAlpine, "Alpine Linux");
  if (image == "busybox") return known(f, BaseFamily::kAlpine, "BusyBox");
  if (image == "fedora" || image == "centos" || image == "rockylinux" || image == "almalinux" ||
      image == "oraclelinux") {
    if (minimal_tag(tag)) return unknown(f, fmt::format("'{}' {}", f.image, kNoShadowUtils));
    return known(f, BaseFamily::kRhel, image == "fedora" ? "Fedora" : "the RHEL family");
  }
  if (image == "amazonlinux") return unknown(f, fmt::format("'{}' {}", f.image, kNoShadowUtils));
  if (tag.variant() == catalog::Variant::windows) {
    return unknown(f, fmt::format("'{}' is a Windows image", f.image));
  }
  if (tag.variant() == catalog::Variant::alpine) {
    return known(f, BaseFamily::kAlpine, "Alpine Linux");
  }
  if (const auto base = catalog::base_eol_status(image, tag_text, ctx.eol_date())) {
    return from_base_system(f, *base, tag);
  }
  // An old tag the catalog no longer lists: when every maintained build of the same variant
  // (regular, slim) is built on one family, this one was too (golang:1.20 like golang:1.25).
  if (const catalog::Image* listed = catalog::find_image(image)) {
    std::optional<BaseFamily> family;
    bool agree = true;
    for (const catalog::Entry* entry : listed->entries) {
      if (entry->variant != tag.variant() || entry->tags.empty()) continue;
      const auto base = catalog::base_eol_status(image, entry->tags.front(), ctx.eol_date());
      if (!base) continue;
      const BaseFacts seen = from_base_system(f, *base, catalog::parse_tag(entry->tags.front()));
      if (family && *family != seen.family) agree = false;
      family = seen.family;
    }
    if (agree && family && *family != BaseFamily::kUnknown) {
      return known(f, *family,
                   fmt::format("{}, like every maintained '{}' build",
                               *family == BaseFamily::kDebian   ? "Debian/Ubuntu"
                               : *family == BaseFamily::kAlpine ? "Alpine Linux"
                                                                : "the RHEL family",
                               image));
    }
  }
  return unknown(f, fmt::format("the image catalog does not say which distribution '{}' is "
                                "built on",
                                f.image));
}

}  // namespace whalesafe::rewrites
