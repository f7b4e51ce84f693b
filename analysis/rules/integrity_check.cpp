#include "rules/integrity_check.h"

#include <array>
#include <optional>
#include <string_view>

#include "shell/command_queries.h"

namespace whalesafe::rules {
namespace {

bool is_digest_program(std::string_view p) {
  static constexpr std::array<std::string_view, 10> kPrograms{
      "md5sum",    "sha1sum", "sha224sum", "sha256sum", "sha384sum",
      "sha512sum", "shasum",  "b2sum",     "cksum",     "sha3sum"};
  for (std::string_view k : kPrograms) {
    if (p == k) return true;
  }
  return false;
}

// `-c`, `--check`, or a cluster holding `c` (`-sc`).
bool has_check_option(const shell::EffectiveCommand& c) {
  for (std::size_t i = 1; i < c.size(); ++i) {
    const std::string& a = c.words[i]->text();
    if (a == "--check" || a.starts_with("--check=")) return true;
    if (a.size() >= 2 && a[0] == '-' && a[1] != '-' && a.find('c') != std::string::npos) {
      return true;
    }
  }
  return false;
}

bool has_arg(const shell::EffectiveCommand& c, std::string_view arg) {
  for (std::size_t i = 1; i < c.size(); ++i) {
    if (c.words[i]->text() == arg) return true;
  }
  return false;
}

bool has_arg_prefix(const shell::EffectiveCommand& c, std::string_view prefix) {
  for (std::size_t i = 1; i < c.size(); ++i) {
    if (c.words[i]->text().starts_with(prefix)) return true;
  }
  return false;
}

// A later stage of the command's pipeline is grep/cmp/diff (a digest compared to a value).
bool piped_to_comparison(const shell::Script& script, std::size_t index) {
  const shell::Command& c = script.commands[index];
  if (c.pipeline < 0) return false;
  for (std::size_t j = index + 1; j < script.commands.size(); ++j) {
    const shell::Command& next = script.commands[j];
    if (next.pipeline != c.pipeline || next.pipe_stage <= c.pipe_stage) continue;
    const std::optional<shell::EffectiveCommand> e = shell::effective_command(next);
    if (!e) continue;
    const std::string_view p = shell::program_name(e->program());
    if (p == "grep" || p == "egrep" || p == "fgrep" || p == "cmp" || p == "diff") return true;
  }
  return false;
}

bool verifies(const shell::Script& script, std::size_t index) {
  const shell::Command& command = script.commands[index];
  const std::optional<shell::EffectiveCommand> c = shell::effective_command(command);
  if (!c) return false;
  const std::string_view p = shell::program_name(c->program());
  if (is_digest_program(p)) {
    return has_check_option(*c) || command.in_substitution || piped_to_comparison(script, index);
  }
  if (p == "openssl") {
    // `openssl dgst -verify`, or a digest (`openssl sha512 -r f`, `openssl dgst -sha256 f`)
    // compared with an expected value.
    if (has_arg(*c, "dgst") &&
        (has_arg_prefix(*c, "-verify") || has_arg(*c, "-prverify") || has_arg(*c, "-signature"))) {
      return true;
    }
    const std::string& sub = c->size() > 1 ? c->words[1]->text() : c->program().text();
    const bool digest = sub == "dgst" || sub == "md5" || sub.starts_with("sha");
    return digest && (command.in_substitution || piped_to_comparison(script, index));
  }
  if (p == "gpg" || p == "gpg2") {
    return has_arg(*c, "--verify") || has_arg(*c, "--verify-files");
  }
  if (p == "gpgv" || p == "gpgv2" || p == "slsa-verifier") return true;
  if (p == "cosign" || p == "notation" || p == "sigstore") {
    return has_arg_prefix(*c, "verify");
  }
  if (p == "minisign" || p == "signify") {
    // -V (verify) or signify -C (check), alone or in a cluster such as -Vqm.
    for (std::size_t i = 1; i < c->size(); ++i) {
      const std::string& a = c->words[i]->text();
      if (a.size() >= 2 && a[0] == '-' && a[1] != '-' &&
          (a.find('V') != std::string::npos || a.find('C') != std::string::npos)) {
        return true;
      }
    }
    return false;
  }
  if (p == "rpm" || p == "rpmkeys") {
    return has_arg(*c, "-K") || has_arg(*c, "--checksig");
  }
  if (p == "gh") return has_arg(*c, "attestation") && has_arg(*c, "verify");
  return false;
}

}  // namespace

bool verifies_integrity(const shell::Script& script) {
  for (std::size_t i = 0; i < script.commands.size(); ++i) {
    if (verifies(script, i)) return true;
  }
  return false;
}

}  // namespace whalesafe::rules
