// CORPUS CASE lock_per_update
// Bug (of speed, not of correctness): every thread adds to one shared
// histogram, locking one mutex around every single increment. The counts are
// exact and there is no race, but the threads spend their time waiting for
// the lock and moving its cache line between cores: slower with two threads
// than the plain loop.
// Verdict the grader must give: every test passes, race-free; with
// --always-measure its speed is far from the reference's.
#include "course/histogram.h"

#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace course {

Histogram histogram(std::span<const std::uint32_t> data, std::size_t threads) {
  if (threads == 0) throw std::invalid_argument("histogram: threads must be at least 1");
  Histogram total{};
  std::mutex mutex;
  {
    std::vector<std::jthread> workers;
    for (std::size_t t = 0; t < threads; ++t) {
      workers.emplace_back([&total, &mutex, data, t, threads] {
        std::size_t begin = data.size() * t / threads;
        std::size_t end = data.size() * (t + 1) / threads;
        for (std::size_t i = begin; i < end; ++i) {
          std::size_t bin = bin_of(data[i]);
          std::lock_guard lock(mutex);
          ++total[bin];
        }
      });
    }
  }
  return total;
}

}  // namespace course
