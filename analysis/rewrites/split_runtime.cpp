// Runtime images for the multi-stage split. Every tag named here is checked against the
// catalog (a maintained tag of an official image), except distroless, which is not a Docker
// Official Image: its names are fixed (static-debian<N>).
#include "rewrites/split_runtime.h"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "catalog/catalog.h"
#include "catalog/tag.h"

namespace whalesafe::rewrites::split {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kDebianSuites{
    {{"buster", "10"}, {"bullseye", "11"}, {"bookworm", "12"}, {"trixie", "13"}, {"forky", "14"}}};
constexpr std::array<std::string_view, 6> kUbuntuSuites{"focal",    "jammy",  "noble",
                                                        "oracular", "plucky", "resolute"};

// The programs every image with a shell has (Debian's essential set, BusyBox on Alpine).
const std::set<std::string> kShellPrograms{
    "sh",     "echo", "cat",  "test",  "[",     "true",  "false", "env",    "sleep", "exec",
    "printf", "ls",   "kill", "pwd",   "id",    "cd",    "set",   "export", "trap",  "wait",
    "exit",   ":",    ".",    "mkdir", "rm",    "cp",    "mv",    "ln",     "chmod", "date",
    "grep",   "sed",  "head", "tail",  "touch", "uname", "tee",   "xargs"};

struct Distro {
  enum class Kind { kUnknown, kDebian, kUbuntu, kAlpine } kind = Kind::kUnknown;
  std::string suite;           // "bookworm", "noble"
  std::string alpine_release;  // "3.24", or "" for the moving `alpine`
};

Distro distro_of_words(const std::vector<std::string>& words) {
  Distro d;
  for (const std::string& w : words) {
    for (const auto& [suite, number] : kDebianSuites) {
      if (w == suite) return {Distro::Kind::kDebian, w, ""};
    }
    for (std::string_view suite : kUbuntuSuites) {
      if (w == suite) return {Distro::Kind::kUbuntu, w, ""};
    }
    if (std::optional<std::string> rel = catalog::alpine_word_release(w)) {
      d = {Distro::Kind::kAlpine, "", *rel};
    }
  }
  return d;
}

// The distribution a build image is made from: its tag's words, else the words of the other
// tags of the same build in the catalog (`golang:1.27` names the build tagged `1.27-trixie`).
Distro distro_of(const Scan& scan) {
  if (scan.official == "alpine") {
    Distro d{Distro::Kind::kAlpine, "", ""};
    const catalog::ParsedTag t = catalog::parse_tag(scan.tag);
    if (t.version.size() >= 2) d.alpine_release = t.version[0] + "." + t.version[1];
    return d;
  }
  if (scan.official == "debian" || scan.official == "ubuntu") {
    Distro d = distro_of_words({scan.tag});
    if (d.kind != Distro::Kind::kUnknown) return d;
  }
  Distro d = distro_of_words(catalog::parse_tag(scan.tag).words);
  if (d.kind != Distro::Kind::kUnknown) return d;
  if (const catalog::Entry* e = catalog::find_entry(scan.official, scan.tag)) {
    for (std::string_view tag : e->tags) {
      std::vector<std::string> words = catalog::parse_tag(tag).words;
      if (scan.official == "debian" || scan.official == "ubuntu") words.emplace_back(tag);
      Distro found = distro_of_words(words);
      if (found.kind == Distro::Kind::kAlpine && found.alpine_release.empty()) continue;
      if (found.kind != Distro::Kind::kUnknown) return found;
    }
  }
  return {};
}

std::optional<std::string> alpine_reference(const Distro& d) {
  if (!d.alpine_release.empty() && catalog::has_tag("alpine", d.alpine_release)) {
    return "alpine:" + d.alpine_release;
  }
  if (const std::optional<catalog::LatestVersion> latest = catalog::latest_version("alpine")) {
    const catalog::ParsedTag t = catalog::parse_tag(latest->version);
    if (t.version.size() >= 2 && catalog::has_tag("alpine", t.version[0] + "." + t.version[1])) {
      return "alpine:" + t.version[0] + "." + t.version[1];
    }
  }
  return std::nullopt;
}

// The small image of the build image's own distribution: Debian slim, Ubuntu, Alpine.
std::optional<RuntimeImage> os_runtime(const Scan& scan, std::string& why_not) {
  const Distro d = distro_of(scan);
  RuntimeImage image;
  image.programs = kShellPrograms;
  switch (d.kind) {
    case Distro::Kind::kDebian:
      if (!catalog::has_tag("debian", d.suite + "-slim")) break;
      image.reference = "debian:" + d.suite + "-slim";
      image.programs.insert("bash");
      return image;
    case Distro::Kind::kUbuntu:
      if (!catalog::has_tag("ubuntu", d.suite)) break;
      image.reference = "ubuntu:" + d.suite;
      image.programs.insert("bash");
      return image;
    case Distro::Kind::kAlpine:
      if (std::optional<std::string> ref = alpine_reference(d)) {
        image.reference = *ref;
        image.apk = true;
        return image;
      }
      break;
    case Distro::Kind::kUnknown:
      break;
  }
  why_not = fmt::format(
      "the runtime image could not be chosen: the Linux release '{}' is built on is not known "
      "from the catalog",
      scan.base_image);
  return std::nullopt;
}

bool only_base_packages(const Scan& scan) {
  for (const std::string& p : scan.runtime_packages) {
    if (p != "ca-certificates" && p != "tzdata") return false;
  }
  return true;
}

std::optional<RuntimeImage> go_runtime(const Scan& scan, std::string& why_not) {
  const Distro d = distro_of(scan);
  if (scan.cgo_disabled && d.kind != Distro::Kind::kAlpine && !scan.shell_form_used &&
      !scan.needs_user_setup && only_base_packages(scan) && scan.needed_programs.empty()) {
    std::string_view number = "12";
    for (const auto& [suite, n] : kDebianSuites) {
      if (d.suite == suite && n >= "12") number = n;
    }
    // A static binary needs no libc: distroless/static has CA certificates and tzdata only.
    return RuntimeImage{fmt::format("gcr.io/distroless/static-debian{}", number), false, false, {}};
  }
  return os_runtime(scan, why_not);
}

// eclipse-temurin:<N>-jre[-alpine] for the Java version the build image carries.
std::optional<RuntimeImage> java_runtime(const Scan& scan, std::string& why_not) {
  std::string version;
  bool alpine = false;
  const auto read = [&](std::string_view tag) {
    const catalog::ParsedTag t = catalog::parse_tag(tag);
    alpine = alpine || t.variant() == catalog::Variant::alpine;
    if (scan.official == "eclipse-temurin" || scan.official == "openjdk") {
      if (!t.version.empty() && version.empty()) version = t.version[0];
      return;
    }
    // maven: 3.9-eclipse-temurin-21; gradle: 9.7-jdk21, jdk21-alpine.
    for (std::size_t i = 0; i < t.words.size() && version.empty(); ++i) {
      const std::string& w = t.words[i];
      if (w == "temurin" && i + 1 < t.words.size() && catalog::split_version(t.words[i + 1])) {
        version = t.words[i + 1];
      } else if (w.starts_with("jdk") && w.size() > 3 && catalog::split_version(w.substr(3))) {
        version = w.substr(3);
      }
    }
  };
  read(scan.tag);
  if (version.empty()) {
    if (const catalog::Entry* e = catalog::find_entry(scan.official, scan.tag)) {
      for (std::string_view tag : e->tags) read(tag);
    }
  }
  if (scan.official == "eclipse-temurin" && catalog::parse_tag(scan.tag).has_word("jre")) {
    why_not = "the base image is already a JRE: nothing to split";
    return std::nullopt;
  }
  const std::string tag = version + (alpine ? "-jre-alpine" : "-jre");
  if (version.empty() || !catalog::has_tag("eclipse-temurin", tag)) {
    why_not = fmt::format(
        "the runtime image could not be chosen: no eclipse-temurin JRE for the Java version "
        "of '{}' is in the catalog",
        scan.base_image);
    return std::nullopt;
  }
  RuntimeImage image{"eclipse-temurin:" + tag, true, alpine, kShellPrograms};
  image.programs.insert("java");
  if (!alpine) image.programs.insert("bash");
  return image;
}

// The slim (or already small) variant of the same official image: node, python.
std::optional<RuntimeImage> slim_runtime(const Scan& scan, std::string& why_not,
                                         std::initializer_list<std::string_view> programs) {
  const catalog::ParsedTag t = catalog::parse_tag(scan.tag);
  std::string tag;
  if (t.variant() == catalog::Variant::slim || t.variant() == catalog::Variant::alpine) {
    tag = scan.tag;
  } else if (std::optional<catalog::Alternative> alt =
                 catalog::slim_alternative(scan.official, scan.tag)) {
    tag = alt->tag;
  }
  if (tag.empty()) {
    why_not = fmt::format(
        "the runtime image could not be chosen: no slim variant of '{}' is in the catalog",
        scan.base_image);
    return std::nullopt;
  }
  RuntimeImage image{scan.official + ":" + tag, true, t.variant() == catalog::Variant::alpine,
                     kShellPrograms};
  for (std::string_view p : programs) image.programs.emplace(p);
  if (!image.apk) image.programs.insert("bash");
  return image;
}

}  // namespace

std::optional<RuntimeImage> choose_runtime(const Scan& scan, std::string& why_not) {
  switch (scan.language) {
    case Language::kGo:
      return go_runtime(scan, why_not);
    case Language::kRust:
    case Language::kC:
      return os_runtime(scan, why_not);
    case Language::kJava:
      return java_runtime(scan, why_not);
    case Language::kNode:
      if (scan.official != "node") break;
      return slim_runtime(scan, why_not, {"node", "npm", "npx", "yarn", "corepack"});
    case Language::kPython:
      if (scan.official != "python") break;
      return slim_runtime(scan, why_not, {"python", "python3", "pip", "pip3"});
  }
  why_not = fmt::format("the runtime image could not be chosen for a {} build on '{}'",
                        language_name(scan.language), scan.base_image);
  return std::nullopt;
}

}  // namespace whalesafe::rewrites::split
