#include "registry/content_digest.h"

#include <openssl/evp.h>

#include <array>
#include <memory>

namespace whalesafe::registry {

std::optional<std::string> content_digest(std::string_view algorithm, std::string_view bytes) {
  const EVP_MD* md = algorithm == "sha256"   ? EVP_sha256()
                     : algorithm == "sha512" ? EVP_sha512()
                                             : nullptr;
  if (md == nullptr) return std::nullopt;
  std::array<unsigned char, EVP_MAX_MD_SIZE> hash{};
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), hash.data(), &size, md, nullptr) != 1) {
    return std::nullopt;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(algorithm);
  out += ':';
  for (unsigned int i = 0; i < size; ++i) {
    out += kHex[hash[i] >> 4];
    out += kHex[hash[i] & 0xF];
  }
  return out;
}

std::string sha256_digest(std::string_view bytes) {
  return content_digest("sha256", bytes).value_or("");
}

}  // namespace whalesafe::registry
