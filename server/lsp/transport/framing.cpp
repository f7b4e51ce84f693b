#include "lsp/transport/framing.h"

#include <algorithm>
#include <charconv>

namespace whalesafe::lsp::transport {
namespace {

constexpr std::string_view kTerminator = "\r\n\r\n";
constexpr std::string_view kContentLength = "content-length";

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == y; });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

struct HeaderResult {
  std::optional<std::size_t> length;
  std::string error;
};

// Parses a header block (without its terminator) into the body length.
HeaderResult parse_header(std::string_view block, std::size_t max_body) {
  HeaderResult result;
  while (!block.empty()) {
    const std::size_t eol = block.find("\r\n");
    const std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view{} : block.substr(eol + 2);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return {std::nullopt, "malformed header line (expected 'Name: value')"};
    }
    const std::string_view name = trim(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    if (!iequals(name, kContentLength)) continue;  // Content-Type and others: ignored
    std::size_t length = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
    if (value.empty() || ec != std::errc{} || end != value.data() + value.size()) {
      return {std::nullopt, "Content-Length is not a non-negative integer"};
    }
    if (length > max_body) return {std::nullopt, "Content-Length exceeds the message size limit"};
    if (result.length && *result.length != length) {
      return {std::nullopt, "conflicting Content-Length headers"};
    }
    result.length = length;
  }
  if (!result.length) result.error = "header without Content-Length";
  return result;
}

}  // namespace

std::size_t find_content_length(std::string_view text, std::size_t from) {
  for (std::size_t i = from; i + kContentLength.size() <= text.size(); ++i) {
    if (lower(text[i]) == 'c' && iequals(text.substr(i, kContentLength.size()), kContentLength)) {
      return i;
    }
  }
  return std::string_view::npos;
}

std::string frame_header(std::size_t length) {
  return "Content-Length: " + std::to_string(length) + "\r\n\r\n";
}

void MessageReader::feed(std::string_view bytes) {
  compact();
  buffer_.append(bytes);
}

void MessageReader::unread(std::string_view bytes) {
  compact();
  buffer_.insert(0, bytes);
}

void MessageReader::compact() {
  if (pos_ == 0) return;
  buffer_.erase(0, pos_);
  pos_ = 0;
}

std::optional<Frame> MessageReader::header_error(std::string message, std::size_t block_end) {
  const std::string_view unread = std::string_view(buffer_).substr(pos_);
  // Resume at the next Content-Length after the bad header's first byte, unless it starts a
  // line of the bad header block itself (a conflicting second Content-Length); without one,
  // drop the block, or everything but a tail that may be the start of a header still arriving.
  std::size_t next = find_content_length(unread, 1);
  while (next != std::string_view::npos && next < block_end && unread[next - 1] == '\n') {
    next = find_content_length(unread, next + 1);
  }
  if (next != std::string_view::npos && (block_end == std::string_view::npos || next < block_end)) {
    pos_ += next;
  } else if (block_end != std::string_view::npos) {
    pos_ += block_end + kTerminator.size();
  } else if (unread.size() > kContentLength.size()) {
    pos_ += unread.size() - kContentLength.size();
  }
  if (in_bad_input_) return std::nullopt;
  in_bad_input_ = true;
  return Frame{Frame::Kind::kHeaderError, std::move(message)};
}

std::optional<Frame> MessageReader::next() {
  for (;;) {
    const std::string_view unread = std::string_view(buffer_).substr(pos_);
    if (body_length_) {
      if (unread.size() < *body_length_) return std::nullopt;
      Frame frame{Frame::Kind::kBody, std::string(unread.substr(0, *body_length_))};
      pos_ += *body_length_;
      body_length_.reset();
      in_bad_input_ = false;
      return frame;
    }
    if (unread.empty()) return std::nullopt;
    const std::size_t end = unread.find(kTerminator);
    if (end == std::string_view::npos) {
      if (unread.size() <= kMaxHeader) return std::nullopt;
      const std::size_t before = pos_;
      if (auto error = header_error("header too long or not a header", end)) return error;
      if (pos_ == before) return std::nullopt;
      continue;
    }
    HeaderResult header = parse_header(unread.substr(0, end), max_body_);
    if (!header.length) {
      const std::size_t before = pos_;
      if (auto error = header_error(std::move(header.error), end)) return error;
      if (pos_ == before) return std::nullopt;
      continue;
    }
    pos_ += end + kTerminator.size();
    body_length_ = header.length;
  }
}

}  // namespace whalesafe::lsp::transport
