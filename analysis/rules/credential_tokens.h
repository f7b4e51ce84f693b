// Credential-shaped text: keys and tokens with a known, documented shape (AWS access key IDs,
// GitHub, Slack, Google API and Stripe live keys), private-key blocks, and the password of a
// `scheme://user:password@host` URL. Used by secret-literal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace whalesafe::rules {

struct CredentialToken {
  std::size_t start = 0;  // byte range of the secret itself in the scanned text
  std::size_t end = 0;
  std::string_view kind;  // "AWS access key ID", "GitHub token", ...
};

// Every credential-shaped token of `text`, in order, not overlapping.
std::vector<CredentialToken> find_credential_tokens(std::string_view text);

// What a message may show of a secret: its first characters (at most 4, fewer for short
// secrets) followed by an ellipsis; never the whole secret.
std::string redact(std::string_view secret);

}  // namespace whalesafe::rules
