// Content-Length framing of a byte stream (the LSP base protocol): bytes go in with feed(),
// complete message bodies (or header errors) come out of next(). Knows nothing of JSON-RPC.
//
// Recovery: a malformed header block, an oversized header or body length, or bytes that are no
// header at all are reported once per run of bad input, and reading resumes at the next
// "Content-Length" header found in the stream.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace whalesafe::lsp::transport {

struct Frame {
  enum class Kind { kBody, kHeaderError };
  Kind kind = Kind::kBody;
  std::string text;  // the body, or what was wrong with the header
};

class MessageReader {
 public:
  static constexpr std::size_t kDefaultMaxBody = std::size_t{256} << 20;
  static constexpr std::size_t kMaxHeader = 8192;

  explicit MessageReader(std::size_t max_body = kDefaultMaxBody) : max_body_(max_body) {}

  void feed(std::string_view bytes);
  // The next body or header error; nullopt when more input is needed.
  std::optional<Frame> next();
  // Puts `bytes` back in front of the unread input: a body that proved not to be JSON may hold
  // the start of the next message (the previous one was shorter than its Content-Length).
  void unread(std::string_view bytes);

  std::size_t buffered() const { return buffer_.size() - pos_; }

 private:
  std::optional<Frame> header_error(std::string message, std::size_t block_end);
  void compact();

  std::size_t max_body_;
  std::string buffer_;
  std::size_t pos_ = 0;                     // start of the unread bytes in buffer_
  std::optional<std::size_t> body_length_;  // set while waiting for a body
  bool in_bad_input_ = false;               // an error was reported for the current bad run
};

// Finds "Content-Length" (any case) in `text` at or after `from`; npos when absent.
std::size_t find_content_length(std::string_view text, std::size_t from = 0);

// The header for a body of `length` bytes.
std::string frame_header(std::size_t length);

}  // namespace whalesafe::lsp::transport
