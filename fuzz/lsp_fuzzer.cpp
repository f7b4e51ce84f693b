// Fuzz target 4: the language server's message layer, end to end: the real transport
// (StreamConnection over pipes, Content-Length framing, JSON-RPC decoding), the protocol Server
// and the document features, as `whalesafe lsp` wires them. The first input byte picks a mode:
//   raw         the rest of the input is the byte stream the client sends;
//   structured  the rest drives a generator of valid LSP messages (initialize, didOpen, didChange
//               with random ranges and versions, didClose, pull diagnostics, cancellations,
//               other requests, shutdown, exit), with garbage spliced in when the input says so.
// Properties checked on everything the server writes back: each message is framed correctly and
// is JSON-RPC 2.0; a request is answered at most once, and only requests that were sent (or
// `id: null` for bad input), counted per id: JSON-RPC asks clients for unique ids but a client
// may reuse one (raw inputs do), and then each of its requests gets its own answer; no internal
// error (-32603) and nothing logged at error level (internal errors, documents that cannot be
// analysed); with valid messages only, no ParseError or InvalidRequest; every publishDiagnostics
// range has its start before its end.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "byte_reader.h"
#include "fuzz_check.h"
#include "lsp/features/document_service.h"
#include "lsp/protocol/log.h"
#include "lsp/protocol/server.h"
#include "lsp/transport/framing.h"
#include "lsp/transport/jsonrpc.h"
#include "lsp/transport/stream_connection.h"

namespace {

using nlohmann::json;
namespace lsp = whalesafe::lsp;

// An in-memory file holding `bytes`, positioned at its start.
int memory_file(const char* name, const std::string& bytes) {
  const int fd = ::memfd_create(name, MFD_CLOEXEC);
  FUZZ_CHECK(fd >= 0, "memfd_create");
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    FUZZ_CHECK(n > 0, "writing the input file");
    done += static_cast<std::size_t>(n);
  }
  FUZZ_CHECK(::lseek(fd, 0, SEEK_SET) == 0, "rewinding the input file");
  return fd;
}

// Runs a server session on `input` (all the client ever sends) and returns its output.
// Input and output are in-memory files, not pipes with a writer and a reader thread: epoll
// refuses regular files, and Asio then reads and writes them directly, which never blocks. Why
// no threads: LeakSanitizer (LLVM 14) keeps 4 KB for every thread the process ever started, so
// two harness threads per input grew a campaign by 8 KB an input (docs/reliability.md).
std::string serve(const std::string& input) {
  const int in_fd = memory_file("lsp-input", input);
  const int out_fd = memory_file("lsp-output", "");
  const int out_copy = ::dup(out_fd);  // the connection closes out_fd
  FUZZ_CHECK(out_copy >= 0, "dup");
  {
    boost::asio::io_context io;
    using boost::asio::posix::stream_descriptor;
    auto connection = std::make_shared<lsp::transport::StreamConnection<stream_descriptor>>(
        stream_descriptor(io, in_fd), stream_descriptor(io, out_fd));
    lsp::protocol::Log log;
    const auto server = std::make_shared<lsp::protocol::Server>(io, connection, log);
    lsp::features::DocumentService documents(*server);
    server->on_stop([&documents] { documents.stop(); });
    server->run();
  }
  std::string output;
  char buffer[65536];
  ssize_t n = 0;
  off_t offset = 0;
  while ((n = ::pread(out_copy, buffer, sizeof buffer, offset)) > 0) {
    output.append(buffer, static_cast<std::size_t>(n));
    offset += n;
  }
  ::close(out_copy);
  return output;
}

std::string frame(const json& message) {
  const std::string body = message.dump(-1, ' ', false, json::error_handler_t::replace);
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

json position(whalesafe::fuzz::ByteReader& in) {
  const auto coordinate = [&in]() -> int64_t {
    switch (in.integer<int>(0, 7)) {
      case 0:
        return 2147483647;
      case 1:
        return in.integer<int64_t>(0, 100000);
      default:
        return in.integer<int64_t>(0, 12);
    }
  };
  const int64_t line = coordinate();
  return json{{"line", line}, {"character", coordinate()}};
}

std::string fragment_text(whalesafe::fuzz::ByteReader& in) {
  std::string text;
  const int pieces = in.integer<int>(0, 6);
  for (int p = 0; p < pieces; ++p) {
    if (in.flag()) {
      text += whalesafe::fuzz::kFragments[in.integer<std::size_t>(
          0, whalesafe::fuzz::kFragments.size() - 1)];
    } else {
      text += in.string(40);
    }
  }
  return text;
}

struct Script {
  std::string bytes;
  bool garbage = false;  // bytes that are not valid messages were sent
};

Script generate(whalesafe::fuzz::ByteReader& in) {
  Script script;
  int64_t next_id = 1;
  const auto request = [&](const std::string& method, json params) {
    // Unique ids, as JSON-RPC asks of a client.
    const json id = in.flag() ? json(next_id++) : json("r" + std::to_string(next_id++));
    json message = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
    if (!params.is_null()) message["params"] = std::move(params);  // JSON-RPC: no null params
    script.bytes += frame(message);
  };
  const auto notify = [&](const std::string& method, json params) {
    json message = {{"jsonrpc", "2.0"}, {"method", method}};
    if (!params.is_null()) message["params"] = std::move(params);
    script.bytes += frame(message);
  };
  json capabilities = json::object();
  if (in.flag()) capabilities["general"]["positionEncodings"] = {"utf-8"};
  if (in.integer<int>(0, 15) != 0) {
    request("initialize",
            {{"processId", nullptr}, {"rootUri", nullptr}, {"capabilities", capabilities}});
    notify("initialized", json::object());
  }
  const auto uri = [&in] {
    return "file:///nonexistent-whalesafe-fuzz/d" + std::to_string(in.integer<int>(0, 2)) +
           "/Dockerfile";
  };
  const auto version = [&in] { return in.integer<int64_t>(-2, 40); };
  while (in.remaining() > 0 && script.bytes.size() < (std::size_t{1} << 19)) {
    switch (in.integer<int>(0, 11)) {
      case 0:
      case 1:
        notify("textDocument/didOpen", {{"textDocument",
                                         {{"uri", uri()},
                                          {"languageId", "dockerfile"},
                                          {"version", version()},
                                          {"text", fragment_text(in)}}}});
        break;
      case 2:
      case 3:
      case 4: {
        json changes = json::array();
        const int n = in.integer<int>(1, 3);
        for (int c = 0; c < n; ++c) {
          if (in.integer<int>(0, 5) == 0) {
            changes.push_back({{"text", fragment_text(in)}});
          } else {
            json start = position(in);
            changes.push_back({{"range", {{"start", start}, {"end", position(in)}}},
                               {"text", fragment_text(in)}});
          }
        }
        notify("textDocument/didChange",
               {{"textDocument", {{"uri", uri()}, {"version", version()}}},
                {"contentChanges", changes}});
        break;
      }
      case 5:
        notify("textDocument/didClose", {{"textDocument", {{"uri", uri()}}}});
        break;
      case 6:
        request("textDocument/diagnostic", {{"textDocument", {{"uri", uri()}}}});
        break;
      case 7:
        if (next_id > 1) {
          notify("$/cancelRequest", {{"id", in.integer<int64_t>(1, next_id - 1)}});
        }
        break;
      case 8: {
        static const char* const kMethods[] = {
            "textDocument/hover",      "textDocument/completion",
            "textDocument/codeAction", "textDocument/documentSymbol",
            "textDocument/formatting", "textDocument/semanticTokens/full",
            "textDocument/definition", "textDocument/rename"};
        const char* method = kMethods[in.integer<int>(0, 7)];
        const json pos = position(in);
        request(method, {{"textDocument", {{"uri", uri()}}},
                         {"position", pos},
                         {"range", {{"start", pos}, {"end", position(in)}}},
                         {"context", {{"diagnostics", json::array()}}},
                         {"options", {{"tabSize", 4}, {"insertSpaces", true}}},
                         {"newName", "x"}});
        break;
      }
      case 9:
        script.garbage = true;
        script.bytes += in.string(64);
        break;
      case 10:
        if (in.integer<int>(0, 3) == 0) request("shutdown", nullptr);
        break;
      case 11:
        if (in.integer<int>(0, 7) == 0) notify("exit", nullptr);
        break;
    }
  }
  return script;
}

// How many requests the server receives with each id (as JSON text) in `input`: the bodies
// that the transport's own MessageReader and decode() find in it, read as StreamConnection's
// deliver() does (a body that is not JSON is read again from the next header inside it). Bodies
// that decode() rejects while knowing their id count as well: the transport answers them.
// (StreamConnection is fed in chunks; reading the input at once gives the same frames, except
// where a header grows past MessageReader::kMaxHeader before its end arrives, which takes an
// input larger than run.sh's -max_len.)
std::map<std::string, int> requests_received(const std::string& input) {
  namespace transport = lsp::transport;
  std::map<std::string, int> requests;
  transport::MessageReader reader;
  reader.feed(input);
  while (std::optional<transport::Frame> frame = reader.next()) {
    if (frame->kind != transport::Frame::Kind::kBody) continue;
    auto decoded = transport::decode(frame->text);
    if (const auto* rejection = std::get_if<transport::Rejection>(&decoded)) {
      const json& id = rejection->response["id"];
      if (!id.is_null()) ++requests[id.dump()];
      if (rejection->response["error"]["code"] == transport::error_code::kParseError) {
        const std::size_t next = transport::find_content_length(frame->text);
        if (next != std::string::npos) reader.unread(std::string_view(frame->text).substr(next));
      }
      continue;
    }
    const transport::Message& message = std::get<transport::Message>(decoded);
    if (message.kind == transport::Message::Kind::kRequest) ++requests[message.id.dump()];
  }
  return requests;
}

// Splits the server's output into messages, checking the framing.
std::vector<json> messages(const std::string& output) {
  std::vector<json> out;
  std::size_t pos = 0;
  while (pos < output.size()) {
    const std::size_t header_end = output.find("\r\n\r\n", pos);
    FUZZ_CHECK(header_end != std::string::npos, "every output message has a complete header");
    const std::string header = output.substr(pos, header_end - pos);
    FUZZ_CHECK(header.rfind("Content-Length: ", 0) == 0, "the header is a Content-Length");
    const std::size_t length = std::stoul(header.substr(16));
    const std::size_t body = header_end + 4;
    FUZZ_CHECK(body + length <= output.size(), "every output body is complete");
    json message = json::parse(output.substr(body, length), nullptr, false);
    FUZZ_CHECK(!message.is_discarded(), "every output body is JSON");
    FUZZ_CHECK(message.is_object() && message.value("jsonrpc", "") == "2.0",
               "every output message is JSON-RPC 2.0");
    out.push_back(std::move(message));
    pos = body + length;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const whalesafe::fuzz::CpuBudget budget;
  if (size == 0) return 0;
  const bool raw = (data[0] & 1) != 0;
  whalesafe::fuzz::ByteReader in(data + 1, size - 1);
  Script script;
  if (raw) {
    script.bytes.assign(reinterpret_cast<const char*>(data + 1), size - 1);
    script.garbage = true;
  } else {
    script = generate(in);
  }
  const std::map<std::string, int> requests = requests_received(script.bytes);
  std::map<std::string, int> answers;
  for (const json& m : messages(serve(script.bytes))) {
    if (m.contains("id") && !m.contains("method")) {
      const std::string id = m["id"].dump();
      if (!m["id"].is_null()) {
        const auto sent = requests.find(id);
        FUZZ_CHECK(sent != requests.end(), "responses answer requests that were sent");
        FUZZ_CHECK(++answers[id] <= sent->second,
                   "a request is answered once (each request, when a client reuses an id)");
      }
      if (m.contains("error")) {
        const int code = m["error"].value("code", 0);
        FUZZ_CHECK(code != -32603, "no internal error");
        // (InvalidRequest with an id is the lifecycle's answer: before initialize, after
        // shutdown; with id null it rejects the message itself.)
        if (!script.garbage && (code == -32700 || (code == -32600 && m["id"].is_null()))) {
          std::fprintf(stderr, "response: %s\n", m.dump().c_str());
          FUZZ_CHECK(false, "valid messages are not rejected");
        }
      }
      continue;
    }
    const std::string method = m.value("method", "");
    if (method == "window/logMessage") {
      // Errors are logged for internal errors and for documents that cannot be analysed.
      if (m["params"].value("type", 0) == 1) {
        std::fprintf(stderr, "logged: %s\n", m["params"].value("message", "").c_str());
        FUZZ_CHECK(false, "no error logged");
      }
    } else if (method == "textDocument/publishDiagnostics") {
      for (const json& d : m["params"]["diagnostics"]) {
        const json& r = d["range"];
        const auto key = [](const json& p) {
          return std::pair(p["line"].get<int64_t>(), p["character"].get<int64_t>());
        };
        FUZZ_CHECK(key(r["start"]) <= key(r["end"]), "a diagnostic's range is ordered");
        FUZZ_CHECK(key(r["start"]).first >= 0 && key(r["start"]).second >= 0,
                   "a diagnostic's position is not negative");
      }
    }
  }
  return 0;
}
