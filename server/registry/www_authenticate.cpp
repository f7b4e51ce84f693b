#include "registry/www_authenticate.h"

#include <cctype>
#include <cstring>
#include <optional>

namespace whalesafe::registry {
namespace {

bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool done() const { return pos_ >= text_.size(); }
  std::size_t pos() const { return pos_; }
  void seek(std::size_t pos) { pos_ = pos; }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  void skip_spaces() {
    while (!done() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  void skip_spaces_and_commas() {
    while (!done() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == ',')) ++pos_;
  }
  std::string_view token() {
    const std::size_t start = pos_;
    while (!done() && is_token_char(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }
  // A quoted-string (the opening quote already seen), with \-escapes undone.
  std::string quoted() {
    std::string out;
    ++pos_;  // the opening quote
    while (!done() && text_[pos_] != '"') {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
      out += text_[pos_++];
    }
    if (!done()) ++pos_;  // the closing quote (a missing one ends the header)
    return out;
  }
  // Skips a token68 ("abc==" credentials-like blob) or any stray character.
  void skip_item() {
    while (!done() && text_[pos_] != ',') ++pos_;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// name = value (value a token or a quoted-string), or nullopt with the scanner unmoved.
std::optional<std::pair<std::string, std::string>> read_param(Scanner& in) {
  const std::size_t start = in.pos();
  const std::string_view name = in.token();
  in.skip_spaces();
  if (name.empty() || in.peek() != '=') {
    in.seek(start);
    return std::nullopt;
  }
  in.seek(in.pos() + 1);
  in.skip_spaces();
  std::string value = in.peek() == '"' ? in.quoted() : std::string(in.token());
  return std::make_pair(lower(name), std::move(value));
}

}  // namespace

std::string Challenge::param(const std::string& name) const {
  const auto it = params.find(name);
  return it == params.end() ? "" : it->second;
}

std::vector<Challenge> parse_www_authenticate(std::string_view header) {
  std::vector<Challenge> out;
  Scanner in(header);
  while (true) {
    in.skip_spaces_and_commas();
    if (in.done()) break;
    const std::string_view scheme = in.token();
    if (scheme.empty()) {
      in.skip_item();
      continue;
    }
    Challenge challenge;
    challenge.scheme = lower(scheme);
    in.skip_spaces();
    // Parameters until one that is not name=value: that is the next challenge's scheme.
    while (!in.done()) {
      std::optional<std::pair<std::string, std::string>> param = read_param(in);
      if (!param) {
        if (in.peek() != ',' && challenge.params.empty()) in.skip_item();  // token68
        break;
      }
      challenge.params.insert(std::move(*param));
      in.skip_spaces();
      if (in.peek() != ',') break;
      // After a comma: another parameter of this challenge, or a new challenge.
      const std::size_t comma = in.pos();
      in.skip_spaces_and_commas();
      const std::size_t next = in.pos();
      in.token();
      in.skip_spaces();
      const bool is_param = in.peek() == '=';
      in.seek(is_param ? next : comma);
      if (!is_param) break;
    }
    out.push_back(std::move(challenge));
  }
  return out;
}

}  // namespace whalesafe::registry
