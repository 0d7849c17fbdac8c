// Runs fn(0) ... fn(count - 1) on up to `jobs` threads and waits for all.
// The calls start in order of their index. parallel_for's fn must not
// throw; parallel_for_rethrowing's may.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace grader {

template <typename Fn>
void parallel_for(std::size_t count, unsigned jobs, Fn fn) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) fn(i);
  };
  std::vector<std::jthread> threads;
  for (unsigned j = 1; j < std::max(1u, std::min<unsigned>(jobs, count)); ++j) threads.emplace_back(worker);
  worker();
}

// Once a call has thrown, no new call starts; the calls already running
// end; then the first exception is thrown again here, in the caller's thread.
template <typename Fn>
void parallel_for_rethrowing(std::size_t count, unsigned jobs, Fn fn) {
  std::mutex mutex;
  std::exception_ptr first;
  std::atomic<bool> failed{false};
  parallel_for(count, jobs, [&](std::size_t i) {
    if (failed) return;
    try {
      fn(i);
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!first) first = std::current_exception();
      failed = true;
    }
  });
  if (first) std::rethrow_exception(first);
}

}  // namespace grader
