// CORPUS CASE threads_not_joined
// Bug: the threads are started as std::thread and never joined: the
// caller waits for an atomic count of finished threads instead, then
// returns, and the std::vector<std::thread> destroys threads that are
// still joinable, which calls std::terminate.
// Verdict the grader must give: every test that starts a thread aborts;
// the 0-thread and one-thread cases (no thread started) pass.
#include "course/histogram.h"

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

namespace course {

Histogram histogram(std::span<const std::uint32_t> data, std::size_t threads) {
  if (threads == 0) throw std::invalid_argument("histogram: threads must be at least 1");
  std::vector<Histogram> partial(threads);
  std::atomic<std::size_t> finished{0};
  std::vector<std::thread> workers;
  for (std::size_t t = 1; t < threads; ++t) {
    workers.emplace_back([&partial, &finished, data, t, threads] {
      std::size_t begin = data.size() * t / threads;
      std::size_t end = data.size() * (t + 1) / threads;
      Histogram counts{};
      for (std::size_t i = begin; i < end; ++i) ++counts[bin_of(data[i])];
      partial[t] = counts;
      finished.fetch_add(1, std::memory_order_release);
    });
  }
  for (std::size_t i = 0; i < data.size() / threads; ++i) ++partial[0][bin_of(data[i])];
  while (finished.load(std::memory_order_acquire) < threads - 1) std::this_thread::yield();
  Histogram total{};
  for (const Histogram& counts : partial)
    for (std::size_t bin = 0; bin < kBins; ++bin) total[bin] += counts[bin];
  return total;
}  // ~vector<std::thread>: joinable threads, std::terminate

}  // namespace course
