// The stdio and TCP connections. Standard input or output that cannot be polled (a regular
// file, /dev/null) is relayed through a pipe by a helper thread, so the server itself always
// reads and writes through posix::stream_descriptor.
#include "lsp/transport/connection.h"

#include <fcntl.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cerrno>
#include <iostream>
#include <thread>

#include "lsp/transport/stream_connection.h"

namespace whalesafe::lsp::transport {
namespace {

using boost::asio::posix::stream_descriptor;

// Copies everything from `from` to `to`, then closes both.
void pump(int from, int to) {
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(from, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t done = 0; done < n;) {
      const ssize_t w = ::write(to, buffer + done, static_cast<std::size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        ::close(from);
        ::close(to);
        return;
      }
      done += w;
    }
  }
  ::close(from);
  ::close(to);
}

// A stream_descriptor for a copy of `fd`; through a pipe and a pump thread when epoll refuses
// the descriptor. The output pump is joined at exit so that nothing written is lost.
class StdioStreams {
 public:
  static stream_descriptor open(boost::asio::io_context& io, int fd, bool is_input) {
    stream_descriptor stream(io);
    boost::system::error_code ec;
    stream.assign(::dup(fd), ec);
    if (!ec) return stream;
    stream.close(ec);
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("cannot create a pipe");
    if (is_input) {
      std::thread(pump, ::dup(fd), fds[1]).detach();  // may block in read() until exit
      stream.assign(fds[0]);
    } else {
      output_pumps().emplace_back(pump, fds[0], ::dup(fd));
      stream.assign(fds[1]);
    }
    return stream;
  }

 private:
  struct Pumps : std::vector<std::thread> {
    ~Pumps() {
      for (std::thread& t : *this) t.join();
    }
  };
  static Pumps& output_pumps() {
    static Pumps pumps;
    return pumps;
  }
};

}  // namespace

std::shared_ptr<Connection> make_stdio_connection(boost::asio::io_context& io) {
  stream_descriptor input = StdioStreams::open(io, STDIN_FILENO, true);
  stream_descriptor output = StdioStreams::open(io, STDOUT_FILENO, false);
  return std::make_shared<StreamConnection<stream_descriptor>>(std::move(input), std::move(output));
}

std::shared_ptr<Connection> accept_tcp_connection(boost::asio::io_context& io,
                                                  const std::string& host, uint16_t port) {
  using boost::asio::ip::tcp;
  const tcp::endpoint endpoint(boost::asio::ip::make_address(host), port);
  tcp::acceptor acceptor(io, endpoint);
  const tcp::endpoint bound = acceptor.local_endpoint();
  std::cerr << "whalesafe lsp: listening on " << bound.address().to_string() << ':' << bound.port()
            << std::endl;
  tcp::socket socket(io);
  acceptor.accept(socket);
  socket.set_option(tcp::no_delay(true));
  return std::make_shared<StreamConnection<tcp::socket>>(std::move(socket), std::nullopt);
}

}  // namespace whalesafe::lsp::transport
