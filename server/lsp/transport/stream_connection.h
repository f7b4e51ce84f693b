// StreamConnection: Connection over Asio streams (a posix::stream_descriptor pair for stdio, a
// tcp::socket for --listen). Reads in chunks as they arrive and never waits for its owner: the
// owner's handlers run on the same executor and must not block.
#pragma once

#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <deque>
#include <optional>
#include <string>
#include <utility>

#include "lsp/transport/connection.h"
#include "lsp/transport/framing.h"

namespace whalesafe::lsp::transport {

template <class Stream>
class StreamConnection : public Connection,
                         public std::enable_shared_from_this<StreamConnection<Stream>> {
 public:
  // Writes go to `output`, or to `input` when `output` is empty (a socket).
  StreamConnection(Stream input, std::optional<Stream> output)
      : input_(std::move(input)), output_(std::move(output)) {}

  void start(Handlers handlers) override {
    handlers_ = std::move(handlers);
    read_more();
  }

  void send(json message) override { send_encoded(encode(message)); }

  void send_encoded(std::string body) override {
    std::string data = frame_header(body.size()) + body;
    boost::asio::post(input_.get_executor(),
                      [self = this->shared_from_this(), data = std::move(data)]() mutable {
                        self->queue_.push_back(std::move(data));
                        if (!self->writing_) self->write_next();
                      });
  }

  void close() override {
    boost::asio::post(input_.get_executor(), [self = this->shared_from_this()] {
      if (self->closing_) return;
      self->closing_ = true;
      // A separate input stops now; a socket closes once its writes are done (cancelling it
      // would cancel them too).
      boost::system::error_code ignored;
      if (self->output_) self->input_.close(ignored);
      if (!self->writing_) self->finish();
    });
  }

 private:
  Stream& out() { return output_ ? *output_ : input_; }

  void read_more() {
    input_.async_read_some(
        boost::asio::buffer(chunk_),
        [self = this->shared_from_this()](boost::system::error_code ec, std::size_t n) {
          if (self->closing_) return;
          if (ec) {
            self->end_of_input();
            return;
          }
          self->reader_.feed(std::string_view(self->chunk_.data(), n));
          self->deliver();
          if (!self->closing_) self->read_more();
        });
  }

  void end_of_input() {
    if (eof_) return;
    eof_ = true;
    if (handlers_.on_close) handlers_.on_close();
  }

  void protocol_error(json response) {
    if (handlers_.on_protocol_error) {
      handlers_.on_protocol_error(response["error"].value("message", std::string()));
    }
    send(std::move(response));
  }

  void deliver() {
    while (!closing_) {
      std::optional<Frame> frame = reader_.next();
      if (!frame) return;
      if (frame->kind == Frame::Kind::kHeaderError) {
        protocol_error(make_error(nullptr, error_code::kParseError, frame->text));
        continue;
      }
      auto decoded = decode(frame->text);
      if (auto* rejection = std::get_if<Rejection>(&decoded)) {
        if (rejection->response["error"]["code"] == error_code::kParseError) {
          // A body cut short by the next message: resume at that message's header.
          const std::size_t next = find_content_length(frame->text);
          if (next != std::string::npos) {
            reader_.unread(std::string_view(frame->text).substr(next));
          }
        }
        protocol_error(std::move(rejection->response));
        continue;
      }
      if (handlers_.on_message) handlers_.on_message(std::move(std::get<Message>(decoded)));
    }
  }

  void write_next() {
    if (queue_.empty()) {
      writing_ = false;
      if (closing_) finish();
      return;
    }
    writing_ = true;
    boost::asio::async_write(
        out(), boost::asio::buffer(queue_.front()),
        [self = this->shared_from_this()](boost::system::error_code ec, std::size_t) {
          self->queue_.pop_front();
          if (ec) {
            self->queue_.clear();  // the peer is gone: drop the rest
            self->writing_ = false;
            self->end_of_input();
            if (self->closing_) self->finish();
            return;
          }
          self->write_next();
        });
  }

  void finish() {
    boost::system::error_code ignored;
    if (output_) output_->close(ignored);
    input_.close(ignored);
  }

  Stream input_;
  std::optional<Stream> output_;
  Handlers handlers_;
  MessageReader reader_;
  std::array<char, 65536> chunk_{};
  std::deque<std::string> queue_;
  bool writing_ = false;
  bool closing_ = false;
  bool eof_ = false;
};

}  // namespace whalesafe::lsp::transport
