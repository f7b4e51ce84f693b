#include "rules/credential_tokens.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>

namespace whalesafe::rules {
namespace {

bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool upper_or_digit(char c) {
  return std::isupper(static_cast<unsigned char>(c)) != 0 ||
         std::isdigit(static_cast<unsigned char>(c)) != 0;
}
bool word_char(char c) { return alnum(c) || c == '_' || c == '-'; }

// The length of the run of `pred` characters starting at `from`.
std::size_t run(std::string_view text, std::size_t from, const std::function<bool(char)>& pred) {
  std::size_t n = 0;
  while (from + n < text.size() && pred(text[from + n])) ++n;
  return n;
}

struct Shape {
  std::string_view prefix;
  std::string_view kind;
  std::function<bool(char)> body;
  std::size_t min_body;
  std::size_t max_body;  // exact shapes have min == max; the run must not continue past it
};

const std::vector<Shape>& shapes() {
  static const std::vector<Shape> table = {
      {"AKIA", "AWS access key ID", upper_or_digit, 16, 16},
      {"ASIA", "AWS temporary access key ID", upper_or_digit, 16, 16},
      {"ghp_", "GitHub token", alnum, 36, 36},
      {"gho_", "GitHub OAuth token", alnum, 36, 36},
      {"ghu_", "GitHub token", alnum, 36, 36},
      {"ghs_", "GitHub token", alnum, 36, 36},
      {"ghr_", "GitHub refresh token", alnum, 36, 36},
      {"github_pat_", "GitHub fine-grained token", [](char c) { return alnum(c) || c == '_'; }, 40,
       255},
      {"xoxb-", "Slack token", [](char c) { return alnum(c) || c == '-'; }, 10, 255},
      {"xoxp-", "Slack token", [](char c) { return alnum(c) || c == '-'; }, 10, 255},
      {"xoxa-", "Slack token", [](char c) { return alnum(c) || c == '-'; }, 10, 255},
      {"xoxr-", "Slack token", [](char c) { return alnum(c) || c == '-'; }, 10, 255},
      {"xoxs-", "Slack token", [](char c) { return alnum(c) || c == '-'; }, 10, 255},
      {"AIza", "Google API key", [](char c) { return alnum(c) || c == '_' || c == '-'; }, 35, 35},
      {"sk_live_", "Stripe secret key", alnum, 24, 255},
      {"rk_live_", "Stripe restricted key", alnum, 24, 255},
  };
  return table;
}

// `-----BEGIN [RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP ]PRIVATE KEY[ BLOCK]-----`, through its
// END line when there is one.
void private_keys(std::string_view text, std::vector<CredentialToken>& out) {
  constexpr std::string_view kBegin = "-----BEGIN ";
  for (std::size_t at = text.find(kBegin); at != std::string_view::npos;
       at = text.find(kBegin, at + 1)) {
    const std::size_t line_end = std::min(text.find('\n', at), text.size());
    const std::string_view header = text.substr(at, line_end - at);
    const std::size_t label_end = header.find("-----", kBegin.size());
    if (label_end == std::string_view::npos) continue;
    const std::string_view label = header.substr(kBegin.size(), label_end - kBegin.size());
    if (label.find("PRIVATE KEY") == std::string_view::npos) continue;
    std::size_t end = at + label_end + 5;
    const std::string end_marker = "-----END " + std::string(label) + "-----";
    if (const std::size_t e = text.find(end_marker, end); e != std::string_view::npos) {
      end = e + end_marker.size();
    }
    out.push_back({at, end, "private key"});
    at = end - 1;
  }
}

// `scheme://user:password@host`: the password, when it is literal text.
void url_passwords(std::string_view text, std::vector<CredentialToken>& out) {
  for (std::size_t at = text.find("://"); at != std::string_view::npos;
       at = text.find("://", at + 3)) {
    // A scheme before it.
    if (at == 0 || !std::isalpha(static_cast<unsigned char>(text[at - 1]))) continue;
    const std::size_t user_start = at + 3;
    std::size_t i = user_start;
    std::size_t colon = std::string_view::npos;
    while (i < text.size()) {
      const char c = text[i];
      if (c == '@' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '"' || c == '\'' ||
          c == '\\' || c == '?' || c == '#') {
        break;
      }
      if (c == ':' && colon == std::string_view::npos) colon = i;
      ++i;
    }
    if (i >= text.size() || text[i] != '@' || colon == std::string_view::npos) continue;
    const std::string_view user = text.substr(user_start, colon - user_start);
    const std::string_view password = text.substr(colon + 1, i - colon - 1);
    if (user.empty() || password.empty() || password.find('$') != std::string_view::npos ||
        user.find('$') != std::string_view::npos || password.front() == '<' ||
        password.find('{') != std::string_view::npos ||
        (password.size() > 2 &&
         std::all_of(password.begin(), password.end(), [&](char c) { return c == password[0]; }))) {
      continue;
    }
    out.push_back({colon + 1, i, "password in a URL"});
  }
}

}  // namespace

std::vector<CredentialToken> find_credential_tokens(std::string_view text) {
  std::vector<CredentialToken> found;
  // One pass over the text for every shape (a search per shape cost as much as the rest of
  // the rule, which scans every instruction on every analysis): a token starts a word
  // (`XAKIA...` or `my_ghp_...` is something else), at a byte some prefix starts with.
  const std::vector<Shape>& table = shapes();
  std::vector<std::pair<std::size_t, CredentialToken>> by_shape;  // (shape index, token)
  // Word characters by byte: a token starts a word, so only word starts are looked at, and the
  // rest of each word is skipped with one table lookup per byte (this scan runs over every
  // instruction at every analysis).
  static const std::array<bool, 256> kWord = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c) t[static_cast<std::size_t>(c)] = word_char(static_cast<char>(c));
    return t;
  }();
  const auto is_word = [&](std::size_t i) { return kWord[static_cast<unsigned char>(text[i])]; };
  std::size_t at = 0;
  while (at < text.size()) {
    while (at < text.size() && !is_word(at)) ++at;
    if (at == text.size()) break;
    const char c = text[at];
    if (c == 'A' || c == 'g' || c == 'x' || c == 's' || c == 'r') {
      for (std::size_t k = 0; k < table.size(); ++k) {
        const Shape& shape = table[k];
        if (shape.prefix.front() != c || !text.substr(at).starts_with(shape.prefix)) continue;
        const std::size_t body_start = at + shape.prefix.size();
        const std::size_t n = run(text, body_start, shape.body);
        if (n < shape.min_body || n > shape.max_body) continue;
        const std::size_t end = body_start + n;
        const std::string_view token = text.substr(at, end - at);
        // AWS's documentation keys (AKIAIOSFODNN7EXAMPLE) and obvious placeholders.
        if (token.find("EXAMPLE") != std::string_view::npos ||
            token.find("XXXXXXXX") != std::string_view::npos ||
            token.find("xxxxxxxx") != std::string_view::npos) {
          continue;
        }
        by_shape.push_back({k, {at, end, shape.kind}});
      }
    }
    while (at < text.size() && is_word(at)) ++at;
  }
  // In table order, then by position, as one search per shape found them: the sort below
  // then sees the same sequence, so ties between shapes and URL passwords resolve as always.
  std::stable_sort(by_shape.begin(), by_shape.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [shape, token] : by_shape) found.push_back(token);
  private_keys(text, found);
  url_passwords(text, found);
  std::sort(found.begin(), found.end(),
            [](const CredentialToken& a, const CredentialToken& b) { return a.start < b.start; });
  std::vector<CredentialToken> out;
  for (const CredentialToken& t : found) {
    if (!out.empty() && t.start < out.back().end) continue;
    out.push_back(t);
  }
  return out;
}

std::string redact(std::string_view secret) {
  const std::size_t shown = std::min<std::size_t>(4, secret.size() / 3);
  return std::string(secret.substr(0, shown)) + "…";
}

}  // namespace whalesafe::rules
