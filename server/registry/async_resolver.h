// A Resolver on a background thread, for callers that must never wait on the network: the
// language server (whose reader thread must keep reading) and anything else with an event
// loop. Requests are queued and run one at a time, in order; each is bounded by the
// resolver's timeout. The answer comes as a std::future, or through a callback that runs on
// the background thread (post it back to your own loop).
//
// Destroying the AsyncResolver cancels what is still queued (those requests complete with
// ErrorKind::cancelled) and waits for the request in flight, which the timeout bounds.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "registry/resolver.h"

namespace whalesafe::registry {

class AsyncResolver {
 public:
  using Callback = std::function<void(const Resolution&)>;

  explicit AsyncResolver(ResolverOptions options);
  ~AsyncResolver();
  AsyncResolver(const AsyncResolver&) = delete;
  AsyncResolver& operator=(const AsyncResolver&) = delete;

  std::future<Resolution> resolve(std::string reference);
  // `done` runs on the background thread; it must not throw.
  void resolve(std::string reference, Callback done);

  // The cached answer, at once and without network (see Resolver::cached). Thread-safe.
  std::optional<Resolution> cached(std::string_view reference) const;

 private:
  struct Job {
    std::string reference;
    Callback done;
  };
  void run();

  // resolve() runs on the worker only; cached() only reads the disk, safe from any thread.
  Resolver resolver_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace whalesafe::registry
