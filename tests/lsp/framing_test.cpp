// MessageReader (Content-Length framing) and JSON-RPC classification.
#include "lsp/transport/framing.h"

#include <catch2/catch.hpp>
#include <string>

#include "lsp/transport/jsonrpc.h"

using whalesafe::lsp::transport::decode;
using whalesafe::lsp::transport::Frame;
using whalesafe::lsp::transport::Message;
using whalesafe::lsp::transport::MessageReader;
using whalesafe::lsp::transport::Rejection;

namespace {

std::string framed(const std::string& body) {
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::vector<Frame> drain(MessageReader& reader) {
  std::vector<Frame> frames;
  while (auto f = reader.next()) frames.push_back(std::move(*f));
  return frames;
}

}  // namespace

TEST_CASE("messages split at every byte boundary come out whole") {
  const std::string stream = framed("{\"a\":1}") + framed("") + framed("{\"b\":\"\xC3\xA9\"}");
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    MessageReader reader;
    reader.feed(stream.substr(0, cut));
    std::vector<Frame> frames = drain(reader);
    reader.feed(stream.substr(cut));
    for (Frame& f : drain(reader)) frames.push_back(std::move(f));
    REQUIRE(frames.size() == 3);
    CHECK(frames[0].text == "{\"a\":1}");
    CHECK(frames[1].text.empty());
    CHECK(frames[2].text == "{\"b\":\"\xC3\xA9\"}");
    CHECK(reader.buffered() == 0);
  }
}

TEST_CASE("header names are case-insensitive; other headers are ignored") {
  MessageReader reader;
  reader.feed("content-type: x\r\nCONTENT-LENGTH:   2 \r\n\r\n{}");
  const auto frame = reader.next();
  REQUIRE(frame);
  CHECK(frame->kind == Frame::Kind::kBody);
  CHECK(frame->text == "{}");
}

TEST_CASE("a bad header is reported once and reading resumes at the next message") {
  for (const std::string bad :
       {"Content-Length: abc\r\n\r\n", "Content-Length: -1\r\n\r\n", "X: y\r\n\r\n",
        "garbage\r\n\r\n", "Content-Length: 99999999999999999999\r\n\r\n",
        "Content-Length: 1\r\nContent-Length: 2\r\n\r\n", "\x01\x02\xFF garbage"}) {
    MessageReader reader;
    reader.feed(bad + framed("{\"ok\":1}"));
    const std::vector<Frame> frames = drain(reader);
    INFO(bad);
    REQUIRE(frames.size() == 2);
    CHECK(frames[0].kind == Frame::Kind::kHeaderError);
    CHECK(frames[1].kind == Frame::Kind::kBody);
    CHECK(frames[1].text == "{\"ok\":1}");
  }
}

TEST_CASE("a body longer than the limit is refused without buffering it") {
  MessageReader reader(100);
  reader.feed("Content-Length: 101\r\n\r\n");
  const auto frame = reader.next();
  REQUIRE(frame);
  CHECK(frame->kind == Frame::Kind::kHeaderError);
}

TEST_CASE("garbage without any header is dropped as it arrives") {
  MessageReader reader;
  std::string garbage(100000, '\x7F');
  reader.feed(garbage);
  const std::vector<Frame> frames = drain(reader);
  REQUIRE(frames.size() == 1);  // one report for the whole run
  CHECK(frames[0].kind == Frame::Kind::kHeaderError);
  CHECK(reader.buffered() < MessageReader::kMaxHeader);
  reader.feed(framed("{}"));
  const auto next = reader.next();
  REQUIRE(next);
  CHECK(next->text == "{}");
}

TEST_CASE("JSON-RPC classification") {
  const auto message = [](const std::string& body) {
    auto decoded = decode(body);
    REQUIRE(std::holds_alternative<Message>(decoded));
    return std::get<Message>(decoded);
  };
  const auto error = [](const std::string& body) {
    auto decoded = decode(body);
    REQUIRE(std::holds_alternative<Rejection>(decoded));
    return std::get<Rejection>(decoded).response;
  };
  CHECK(message(R"({"jsonrpc":"2.0","id":1,"method":"m"})").kind == Message::Kind::kRequest);
  CHECK(message(R"({"jsonrpc":"2.0","id":"x","method":"m","params":[]})").id == "x");
  CHECK(message(R"({"jsonrpc":"2.0","method":"m","params":{}})").kind ==
        Message::Kind::kNotification);
  CHECK(message(R"({"jsonrpc":"2.0","id":3,"result":null})").kind == Message::Kind::kResponse);
  CHECK(error("{")["error"]["code"] == -32700);
  CHECK(error("[]")["error"]["code"] == -32600);
  CHECK(error(R"({"id":4,"method":"m"})")["id"] == 4);
  CHECK(error(R"({"jsonrpc":"2.0","id":1.5,"method":"m"})")["id"].is_null());
  CHECK(error(R"({"jsonrpc":"2.0","id":5,"method":"m","params":1})")["error"]["code"] == -32600);
  CHECK(error(R"({"jsonrpc":"2.0","id":6,"result":1,"error":{}})")["id"] == 6);
}
