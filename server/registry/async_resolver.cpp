#include "registry/async_resolver.h"

#include <memory>

namespace whalesafe::registry {
AsyncResolver::AsyncResolver(ResolverOptions options)
    : resolver_(std::move(options)), worker_([this] { run(); }) {}

AsyncResolver::~AsyncResolver() {
  std::deque<Job> cancelled;
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
    cancelled.swap(queue_);
  }
  wake_.notify_all();
  for (Job& job : cancelled) {
    Resolution out;
    out.reference = job.reference;
    out.error_kind = ErrorKind::cancelled;
    out.error = job.reference + ": cancelled (the resolver was shut down)";
    job.done(out);
  }
  worker_.join();
}

std::future<Resolution> AsyncResolver::resolve(std::string reference) {
  auto promise = std::make_shared<std::promise<Resolution>>();
  std::future<Resolution> future = promise->get_future();
  resolve(std::move(reference), [promise](const Resolution& r) { promise->set_value(r); });
  return future;
}

void AsyncResolver::resolve(std::string reference, Callback done) {
  {
    const std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.push_back({std::move(reference), std::move(done)});
      wake_.notify_one();
      return;
    }
  }
  Resolution out;
  out.reference = reference;
  out.error_kind = ErrorKind::cancelled;
  out.error = reference + ": cancelled (the resolver is shutting down)";
  done(out);
}

std::optional<Resolution> AsyncResolver::cached(std::string_view reference) const {
  return resolver_.cached(reference);
}

void AsyncResolver::run() {
  while (true) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;  // the destructor completes what is queued
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job.done(resolver_.resolve(job.reference));
  }
}

}  // namespace whalesafe::registry
