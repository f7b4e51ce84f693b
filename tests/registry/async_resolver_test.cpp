// server/registry/async_resolver.cpp: answers come through futures and callbacks without the
// caller ever waiting on the network (what the language server's reader thread needs), and
// shutting down cancels queued work promptly.
#include "registry/async_resolver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "registry/content_digest.h"
#include "registry/digest_cache.h"
#include "registry/reference.h"

namespace registry = whalesafe::registry;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

struct TempDir {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("whalesafe-async-" + std::to_string(::getpid()));
  TempDir() { std::filesystem::remove_all(path); }
  ~TempDir() { std::filesystem::remove_all(path); }
};

// A loopback port that completes TCP handshakes (the kernel's backlog) but never answers.
struct SilentPort {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int port = 0;
  SilentPort() {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(fd, 64) == 0);
    socklen_t size = sizeof address;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0);
    port = ntohs(address.sin_port);
  }
  ~SilentPort() { ::close(fd); }
};

registry::ResolverOptions options_in(const std::filesystem::path& dir) {
  registry::ResolverOptions options;
  options.cache_dir = dir;
  options.timeout = 400ms;
  return options;
}

}  // namespace

TEST_CASE("a cached answer comes through the future and the callback (offline)") {
  TempDir dir;
  const std::string digest = registry::sha256_digest("an index");
  const auto parsed = registry::parse_reference("ghcr.io/org/app:1", nullptr);
  REQUIRE(parsed);
  REQUIRE(registry::DigestCache(dir.path)
              .store(parsed->canonical(), {digest, "application/vnd.oci.image.index.v1+json",
                                           std::chrono::system_clock::now() - 48h})
              .empty());
  registry::ResolverOptions options = options_in(dir.path);
  options.offline = true;
  registry::AsyncResolver resolver(options);

  std::future<registry::Resolution> future = resolver.resolve("ghcr.io/org/app:1");
  REQUIRE(future.wait_for(5s) == std::future_status::ready);
  const registry::Resolution r = future.get();
  CHECK(r.ok());
  CHECK(r.pinned() == "ghcr.io/org/app:1@" + digest);
  CHECK(r.source == registry::Resolution::Source::cache);

  std::promise<std::pair<std::string, std::thread::id>> got;
  resolver.resolve("ghcr.io/org/app:2", [&](const registry::Resolution& miss) {
    got.set_value({miss.error, std::this_thread::get_id()});
  });
  auto answer = got.get_future();
  REQUIRE(answer.wait_for(5s) == std::future_status::ready);
  const auto [error, thread] = answer.get();
  CHECK(error.find("ghcr.io/org/app:2: not in the cache") == 0);
  CHECK(thread != std::this_thread::get_id());  // the callback runs on the worker
}

TEST_CASE("resolve() returns at once while the registry does not answer") {
  TempDir dir;
  SilentPort silent;
  const std::string reference = "127.0.0.1:" + std::to_string(silent.port) + "/app:1";
  registry::AsyncResolver resolver(options_in(dir.path));

  const auto started = Clock::now();
  std::future<registry::Resolution> future = resolver.resolve(reference);
  CHECK(Clock::now() - started < 100ms);
  // The cache can be read meanwhile, also without waiting.
  CHECK_FALSE(resolver.cached(reference).has_value());
  CHECK(future.wait_for(0s) == std::future_status::timeout);
  REQUIRE(future.wait_for(10s) == std::future_status::ready);
  const registry::Resolution r = future.get();
  REQUIRE(r.error_kind.has_value());
  CHECK(*r.error_kind == registry::ErrorKind::timeout);
  CHECK(r.error.find(reference + ": no answer from") == 0);
}

TEST_CASE("destroying the resolver cancels what is queued and returns promptly") {
  TempDir dir;
  SilentPort silent;
  std::atomic<int> answered{0};
  std::atomic<int> cancelled{0};
  const auto started = Clock::now();
  {
    registry::AsyncResolver resolver(options_in(dir.path));
    for (int i = 0; i < 5; ++i) {
      resolver.resolve("127.0.0.1:" + std::to_string(silent.port) + "/app:" + std::to_string(i),
                       [&](const registry::Resolution& r) {
                         ++answered;
                         if (r.error_kind == registry::ErrorKind::cancelled) ++cancelled;
                       });
    }
  }
  // At most the request in flight ran to its 400 ms timeout; the rest were cancelled.
  CHECK(Clock::now() - started < 3s);
  CHECK(answered == 5);
  CHECK(cancelled >= 4);
}
