// Scores for the security rules. The scale follows the CVSS bands code scanning uses: credentials
// that end up in the image and turned-off verification are high or critical; trusting
// unverified downloads or running as root is medium; loose pinning of base images is low.
#include "cli/security_severity.h"

#include <array>

namespace whalesafe::cli {
namespace {

constexpr std::array kScores = {
    // Credentials in the image or its history.
    SecurityScore{"secret-literal", 9.0},
    SecurityScore{"secret-in-env", 8.5},
    SecurityScore{"secret-file-copied", 8.5},
    SecurityScore{"chpasswd-usage", 6.5},
    // Verification turned off, or code run without any.
    SecurityScore{"tls-verification-disabled", 8.0},
    SecurityScore{"package-signature-disabled", 8.0},
    SecurityScore{"curl-pipe-shell", 7.0},
    SecurityScore{"http-download", 6.5},
    SecurityScore{"add-remote-without-checksum", 6.0},
    SecurityScore{"download-without-integrity-check", 6.0},
    // Base images: unpatched, from anywhere, or not pinned.
    SecurityScore{"base-image-eol", 7.0},
    SecurityScore{"base-image-untrusted", 5.5},
    SecurityScore{"base-image-latest", 4.0},
    SecurityScore{"base-image-untagged", 4.0},
    SecurityScore{"base-image-digest-unpinned", 3.0},
    // Privilege and attack surface of the running container.
    SecurityScore{"user-root", 6.0},
    SecurityScore{"user-missing", 6.0},
    SecurityScore{"chmod-world-writable", 5.5},
    SecurityScore{"expose-ssh", 5.0},
    SecurityScore{"sudo-usage", 4.0},
    SecurityScore{"copy-context-without-dockerignore", 4.0},
    SecurityScore{"build-tools-in-final-stage", 3.0},
};

}  // namespace

std::span<const SecurityScore> security_scores() { return kScores; }

std::optional<double> security_severity(std::string_view slug) {
  for (const SecurityScore& s : kScores) {
    if (s.slug == slug) return s.score;
  }
  return std::nullopt;
}

}  // namespace whalesafe::cli
