#include "shell/package_specs.h"

#include <stdexcept>

namespace whalesafe::shell {
namespace {

// Options every apt front end shares.
std::vector<OptionSpec> apt_options() {
  return {
      {"yes", {"-y", "--yes", "--assume-yes"}},
      {"quiet", {"-q", "--quiet"}},
      {"no-install-recommends", {"--no-install-recommends"}},
      {"install-suggests", {"--install-suggests"}},
      {"fix-broken", {"-f", "--fix-broken"}},
      {"allow-unauthenticated", {"--allow-unauthenticated"}},
      {"force-yes", {"--force-yes"}},
      {"option", {"-o", "--option"}, true},
      {"target-release", {"-t", "--target-release", "--default-release"}, true},
      {"config-file", {"-c", "--config-file"}, true},
  };
}

std::vector<OptionSpec> rpm_options() {
  return {
      {"yes", {"-y", "--assumeyes"}},
      {"quiet", {"-q", "--quiet"}},
      {"nogpgcheck", {"--nogpgcheck", "--no-gpgchecks"}},
      {"nodocs", {"--nodocs"}},
      {"setopt", {"--setopt"}, true},
      {"enablerepo", {"--enablerepo"}, true},
      {"disablerepo", {"--disablerepo"}, true},
      {"installroot", {"--installroot"}, true},
      {"releasever", {"--releasever"}, true},
      {"config", {"-c", "--config"}, true},
      {"best", {"--best"}},
  };
}

std::vector<std::string_view> rpm_package_actions() {
  return {"install", "reinstall", "downgrade",    "update",      "upgrade",
          "remove",  "erase",     "groupinstall", "localinstall"};
}

std::vector<OptionSpec> js_options() {
  return {
      {"global", {"-g", "--global"}},
      {"production", {"--production", "--prod"}},
      {"save-dev", {"-D", "--save-dev", "--dev"}},
      {"frozen-lockfile", {"--frozen-lockfile", "--immutable"}},
      {"ignore-scripts", {"--ignore-scripts"}},
      {"unsafe-perm", {"--unsafe-perm"}},
      {"omit", {"--omit"}, true},
      {"registry", {"--registry"}, true},
      {"prefix", {"--prefix"}, true},
      {"cache", {"--cache", "--cache-folder", "--store-dir"}, true},
      {"loglevel", {"--loglevel"}, true},
      {"userconfig", {"--userconfig"}, true},
  };
}

std::vector<ManagerSpec> build_specs() {
  std::vector<ManagerSpec> specs;
  specs.push_back({Manager::kAptGet,
                   {"apt-get"},
                   apt_options(),
                   true,
                   {"install", "remove", "purge", "reinstall", "source", "build-dep"},
                   VersionStyle::kEquals,
                   std::nullopt});
  specs.push_back({Manager::kApt,
                   {"apt"},
                   apt_options(),
                   true,
                   {"install", "remove", "purge", "reinstall"},
                   VersionStyle::kEquals,
                   std::nullopt});
  specs.push_back({Manager::kApk,
                   {"apk"},
                   {
                       {"no-cache", {"--no-cache"}},
                       {"update", {"-U", "--update", "--update-cache"}},
                       {"allow-untrusted", {"--allow-untrusted"}},
                       {"quiet", {"-q", "--quiet"}},
                       {"virtual", {"-t", "--virtual"}, true},
                       {"repository", {"-X", "--repository"}, true},
                       {"root", {"-p", "--root"}, true},
                       {"no-progress", {"--no-progress"}},
                   },
                   true,
                   {"add", "del", "fix"},
                   VersionStyle::kOperators,
                   std::nullopt});
  specs.push_back({Manager::kYum,
                   {"yum"},
                   rpm_options(),
                   true,
                   rpm_package_actions(),
                   VersionStyle::kDashDigit,
                   std::nullopt});
  specs.push_back({Manager::kDnf,
                   {"dnf", "dnf5", "tdnf"},
                   rpm_options(),
                   true,
                   rpm_package_actions(),
                   VersionStyle::kDashDigit,
                   std::nullopt});
  specs.push_back({Manager::kMicrodnf,
                   {"microdnf"},
                   rpm_options(),
                   true,
                   rpm_package_actions(),
                   VersionStyle::kDashDigit,
                   std::nullopt});
  specs.push_back({Manager::kZypper,
                   {"zypper"},
                   {
                       {"non-interactive", {"-n", "--non-interactive"}},
                       {"yes", {"-y", "--no-confirm"}},
                       {"quiet", {"-q", "--quiet"}},
                       {"no-recommends", {"--no-recommends"}},
                       {"no-gpg-checks", {"--no-gpg-checks"}},
                       {"gpg-auto-import-keys", {"--gpg-auto-import-keys"}},
                       {"auto-agree-with-licenses", {"-l", "--auto-agree-with-licenses"}},
                       {"root", {"-R", "--root"}, true},
                       {"type", {"-t", "--type"}, true},  // install -t pattern, addrepo -t
                       {"repo", {"-r", "--repo"}, true},
                       {"from", {"--from"}, true},
                       {"plus-repo", {"-p", "--plus-repo"}, true},
                   },
                   true,
                   {"install", "in", "remove", "rm", "update", "up", "source-install", "si"},
                   VersionStyle::kOperators,
                   std::nullopt,
                   {{{"addrepo", "ar"},
                     {
                         {"no-gpgcheck", {"-G", "--no-gpgcheck"}},
                         {"gpgcheck", {"-g", "--gpgcheck"}},
                         {"refresh", {"-f", "--refresh"}},
                         {"disable", {"-d", "--disable"}},
                         {"name", {"-n", "--name"}, true},
                         {"priority", {"-p", "--priority"}, true},
                         {"keep-packages", {"-k", "--keep-packages"}},
                     }}},
                   {"addrepo", "ar"}});
  specs.push_back({Manager::kRpm,
                   {"rpm"},
                   {
                       {"install", {"-i", "--install"}, false, "install"},
                       {"upgrade", {"-U", "--upgrade"}, false, "upgrade"},
                       {"freshen", {"-F", "--freshen"}, false, "freshen"},
                       {"reinstall", {"--reinstall"}, false, "reinstall"},
                       {"erase", {"-e", "--erase"}, false, "erase"},
                       {"query", {"-q", "--query"}, false, "query"},
                       {"verify", {"-V", "--verify"}, false, "verify"},
                       {"import", {"--import"}, false, "import"},
                       {"checksig", {"-K", "--checksig"}, false, "checksig"},
                       {"nosignature", {"--nosignature"}},
                       {"nodigest", {"--nodigest"}},
                       {"nodeps", {"--nodeps"}},
                       {"force", {"--force"}},
                       {"verbose", {"-v", "--verbose"}},
                       {"hash", {"-h", "--hash"}},
                       {"quiet", {"--quiet"}},
                       {"test", {"--test"}},
                       {"root", {"--root"}, true},
                       {"dbpath", {"--dbpath"}, true},
                       {"define", {"-D", "--define"}, true},
                       {"prefix", {"--prefix"}, true},
                       {"relocate", {"--relocate"}, true},
                       {"excludepath", {"--excludepath"}, true},
                   },
                   false,
                   {"install", "upgrade", "freshen", "reinstall", "erase"},
                   VersionStyle::kNone,
                   std::nullopt,
                   {},
                   {"install", "upgrade", "freshen", "reinstall", "import", "checksig"}});
  specs.push_back({Manager::kPip,
                   {"pip", "pip3"},
                   {
                       {"no-cache-dir", {"--no-cache-dir"}},
                       {"trusted-host", {"--trusted-host"}, true},
                       {"requirement", {"-r", "--requirement"}, true},
                       {"constraint", {"-c", "--constraint"}, true},
                       {"editable", {"-e", "--editable"}, true},
                       {"index-url", {"-i", "--index-url"}, true},
                       {"extra-index-url", {"--extra-index-url"}, true},
                       {"find-links", {"-f", "--find-links"}, true},
                       {"target", {"-t", "--target"}, true},
                       {"prefix", {"--prefix"}, true},
                       {"root", {"--root"}, true},
                       {"upgrade", {"-U", "--upgrade"}},
                       {"user", {"--user"}},
                       {"quiet", {"-q", "--quiet"}},
                       {"no-deps", {"--no-deps"}},
                       {"require-hashes", {"--require-hashes"}},
                       {"break-system-packages", {"--break-system-packages"}},
                       {"system", {"--system"}},
                       {"progress-bar", {"--progress-bar"}, true},
                       {"root-user-action", {"--root-user-action"}, true},
                       {"only-binary", {"--only-binary"}, true},
                       {"no-binary", {"--no-binary"}, true},
                       {"platform", {"--platform"}, true},
                       {"python-version", {"--python-version"}, true},
                       {"implementation", {"--implementation"}, true},
                       {"abi", {"--abi"}, true},
                       {"src", {"--src"}, true},
                       {"log", {"--log"}, true},
                       {"cache-dir", {"--cache-dir"}, true},
                       {"retries", {"--retries"}, true},
                       {"timeout", {"--timeout"}, true},
                       {"proxy", {"--proxy"}, true},
                       {"cert", {"--cert"}, true},
                       {"client-cert", {"--client-cert"}, true},
                       {"exists-action", {"--exists-action"}, true},
                   },
                   true,
                   {"install", "download", "wheel", "uninstall"},
                   VersionStyle::kPep440,
                   std::nullopt});
  ManagerSpec uv = specs.back();
  uv.manager = Manager::kUvPip;
  uv.programs = {};  // reached through `uv pip`
  specs.push_back(uv);
  specs.push_back({Manager::kNpm,
                   {"npm"},
                   js_options(),
                   true,
                   {"install", "i", "add", "ci", "update", "uninstall"},
                   VersionStyle::kAt,
                   std::nullopt});
  specs.push_back({Manager::kYarn,
                   {"yarn"},
                   js_options(),
                   true,
                   {"add", "install", "remove"},
                   VersionStyle::kAt,
                   std::nullopt});
  specs.push_back({Manager::kPnpm,
                   {"pnpm"},
                   js_options(),
                   true,
                   {"add", "install", "i", "remove"},
                   VersionStyle::kAt,
                   std::nullopt});
  specs.push_back({Manager::kGem,
                   {"gem"},
                   {
                       {"version", {"-v", "--version"}, true},
                       {"no-document", {"-N", "--no-document", "--no-doc", "--no-rdoc", "--no-ri"}},
                       {"source", {"-s", "--source"}, true},
                       {"install-dir", {"-i", "--install-dir"}, true},
                       {"bindir", {"-n", "--bindir"}, true},
                       {"user-install", {"--user-install"}},
                   },
                   true,
                   {"install", "i", "uninstall", "update"},
                   VersionStyle::kColon,
                   "version"});
  specs.push_back({Manager::kGo,
                   {"go"},
                   {
                       {"verbose", {"-v"}},
                       {"ldflags", {"-ldflags"}, true},
                       {"tags", {"-tags"}, true},
                       {"modfile", {"-modfile"}, true},
                       {"insecure", {"-insecure"}},
                   },
                   true,
                   {"install", "get"},
                   VersionStyle::kAt,
                   std::nullopt});
  specs.push_back({Manager::kCargo,
                   {"cargo"},
                   {
                       {"version", {"--version", "--vers"}, true},
                       {"locked", {"--locked"}},
                       {"git", {"--git"}, true},
                       {"branch", {"--branch"}, true},
                       {"tag", {"--tag"}, true},
                       {"rev", {"--rev"}, true},
                       {"root", {"--root"}, true},
                       {"features", {"-F", "--features"}, true},
                       {"jobs", {"-j", "--jobs"}, true},
                       {"force", {"-f", "--force"}},
                   },
                   true,
                   {"install"},
                   VersionStyle::kAt,
                   "version"});
  specs.push_back({Manager::kCurl,
                   {"curl"},
                   {
                       {"insecure", {"-k", "--insecure"}},
                       {"output", {"-o", "--output"}, true},
                       {"remote-name", {"-O", "--remote-name"}},
                       {"location", {"-L", "--location"}},
                       {"fail", {"-f", "--fail"}},
                       {"silent", {"-s", "--silent"}},
                       {"show-error", {"-S", "--show-error"}},
                       {"url", {"--url"}, true},
                       {"header", {"-H", "--header"}, true},
                       {"data", {"-d", "--data", "--data-raw", "--data-binary"}, true},
                       {"user", {"-u", "--user"}, true},
                       {"request", {"-X", "--request"}, true},
                       {"user-agent", {"-A", "--user-agent"}, true},
                       {"referer", {"-e", "--referer"}, true},
                       {"upload-file", {"-T", "--upload-file"}, true},
                       {"proxy", {"-x", "--proxy"}, true},
                       {"max-time", {"-m", "--max-time"}, true},
                       {"write-out", {"-w", "--write-out"}, true},
                       {"continue-at", {"-C", "--continue-at"}, true},
                       {"range", {"-r", "--range"}, true},
                       {"cookie", {"-b", "--cookie"}, true},
                       {"cookie-jar", {"-c", "--cookie-jar"}, true},
                       {"cert", {"-E", "--cert"}, true},
                       {"form", {"-F", "--form"}, true},
                       {"config", {"-K", "--config"}, true},
                       {"dump-header", {"-D", "--dump-header"}, true},
                       {"proxy-user", {"-U", "--proxy-user"}, true},
                       {"telnet-option", {"-t", "--telnet-option"}, true},
                       {"quote", {"-Q", "--quote"}, true},
                       {"time-cond", {"-z", "--time-cond"}, true},
                       {"speed-limit", {"-Y", "--speed-limit"}, true},
                       {"speed-time", {"-y", "--speed-time"}, true},
                       {"retry", {"--retry"}, true},
                       {"connect-timeout", {"--connect-timeout"}, true},
                       {"proto", {"--proto"}, true},
                       {"cacert", {"--cacert"}, true},
                       {"output-dir", {"--output-dir"}, true},
                   },
                   false,
                   {},
                   VersionStyle::kNone,
                   std::nullopt});
  specs.push_back({Manager::kWget,
                   {"wget"},
                   {
                       {"insecure", {"--no-check-certificate"}},
                       {"output", {"-O", "--output-document"}, true},
                       {"output-file", {"-o", "--output-file"}, true},
                       {"directory-prefix", {"-P", "--directory-prefix"}, true},
                       {"quiet", {"-q", "--quiet"}},
                       {"no-verbose", {"-nv", "--no-verbose"}},
                       {"no-clobber", {"-nc", "--no-clobber"}},
                       {"continue", {"-c", "--continue"}},
                       {"tries", {"-t", "--tries"}, true},
                       {"timeout", {"-T", "--timeout"}, true},
                       {"user-agent", {"-U", "--user-agent"}, true},
                       {"header", {"--header"}, true},
                       {"execute", {"-e", "--execute"}, true},
                       {"input-file", {"-i", "--input-file"}, true},
                       {"progress", {"--progress"}, true},
                       {"https-only", {"--https-only"}},
                       {"proxy", {"-Y", "--proxy"}, true},  // -Y on/off (older wget)
                   },
                   false,
                   {},
                   VersionStyle::kNone,
                   std::nullopt});
  return specs;
}

}  // namespace

std::string_view manager_name(Manager manager) {
  switch (manager) {
    case Manager::kAptGet:
      return "apt-get";
    case Manager::kApt:
      return "apt";
    case Manager::kApk:
      return "apk";
    case Manager::kYum:
      return "yum";
    case Manager::kDnf:
      return "dnf";
    case Manager::kMicrodnf:
      return "microdnf";
    case Manager::kZypper:
      return "zypper";
    case Manager::kRpm:
      return "rpm";
    case Manager::kPip:
      return "pip";
    case Manager::kUvPip:
      return "uv pip";
    case Manager::kNpm:
      return "npm";
    case Manager::kYarn:
      return "yarn";
    case Manager::kPnpm:
      return "pnpm";
    case Manager::kGem:
      return "gem";
    case Manager::kGo:
      return "go";
    case Manager::kCargo:
      return "cargo";
    case Manager::kCurl:
      return "curl";
    case Manager::kWget:
      return "wget";
  }
  return "";
}

const std::vector<ManagerSpec>& manager_specs() {
  static const std::vector<ManagerSpec> specs = build_specs();
  return specs;
}

const ManagerSpec& spec_of(Manager manager) {
  for (const ManagerSpec& s : manager_specs()) {
    if (s.manager == manager) return s;
  }
  throw std::logic_error("no spec for manager");
}

}  // namespace whalesafe::shell
