#include "rules/secret_files.h"

#include <string>

#include "rules/node_util.h"

namespace whalesafe::rules {
namespace {

bool ends_with_any(std::string_view s, std::initializer_list<std::string_view> suffixes) {
  for (std::string_view x : suffixes) {
    if (s.ends_with(x)) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string_view> credential_file_kind(std::string_view written) {
  std::string path = ascii_lower(written);
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  const std::size_t slash = path.rfind('/');
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  const std::string parent = slash == std::string::npos ? std::string() : path.substr(0, slash);
  const std::string_view parent_base = std::string_view(parent).substr(
      parent.rfind('/') == std::string::npos ? 0 : parent.rfind('/') + 1);

  for (std::string_view key :
       {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk"}) {
    if (base == key) return "an SSH private key";
  }
  if (base == ".ssh") return "an SSH directory (private keys)";
  // Public keys that repositories publish: apt/yum signing keys, `*.pub`, keyrings.
  const bool public_key =
      base.find("gpg") != std::string::npos || base.find("pgp") != std::string::npos ||
      base.find("pub") != std::string::npos || base.find("keyring") != std::string::npos ||
      base.find("signing") != std::string::npos;
  if (public_key) return std::nullopt;
  if (base.ends_with(".key") || base.ends_with("_key") || base == "privkey.pem" ||
      base.ends_with(".p12") || base.ends_with(".pfx") ||
      (base.ends_with(".pem") &&
       (base.find("key") != std::string::npos || base.find("private") != std::string::npos))) {
    // ssh_host_rsa_key, server.key, tls.key, privkey.pem, client-key.pem; not *.pub
    return "a private key";
  }
  if (base == ".env" ||
      (base.starts_with(".env.") &&
       !ends_with_any(base, {".example", ".sample", ".template", ".dist", ".defaults", ".default",
                             ".test", ".ci", ".tmpl", ".schema"}))) {
    return "a dotenv file";
  }
  if (base == ".npmrc") return "an npm configuration (registry tokens)";
  if (base == ".yarnrc.yml") return std::nullopt;  // usually no credentials
  if (base == ".pypirc") return "a PyPI configuration (upload credentials)";
  if (base == ".netrc" || base == "_netrc") return "a .netrc (login credentials)";
  if (base == ".git-credentials") return "git credentials";
  if (base == ".aws" || (base == "credentials" && parent_base == ".aws")) {
    return "AWS credentials";
  }
  if (parent_base == ".docker" && base == "config.json") return "Docker registry credentials";
  if (base == "application_default_credentials.json" ||
      (base.ends_with(".json") &&
       (base.find("service-account") != std::string::npos ||
        base.find("service_account") != std::string::npos ||
        base.find("serviceaccount") != std::string::npos || base.starts_with("client_secret")))) {
    return "a Google Cloud credential key";
  }
  if (base == ".kube" || base == "kubeconfig" || base.ends_with(".kubeconfig") ||
      (parent_base == ".kube" && base == "config")) {
    return "a kubeconfig (cluster credentials)";
  }
  return std::nullopt;
}

}  // namespace whalesafe::rules
