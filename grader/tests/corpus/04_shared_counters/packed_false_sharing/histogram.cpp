// CORPUS CASE packed_false_sharing
// Bug (of speed, not of correctness): each thread has counters of its own,
// but they sit in one table, counter (bin, thread) at table[bin * threads +
// thread], so the threads' counters for a bin share a cache line. No two
// threads write the same counter, but the cores pass the lines back and
// forth at nearly every update.
// Verdict the grader must give: every test passes, race-free; its speed is
// below the reference's.
#include "course/histogram.h"

#include <stdexcept>
#include <thread>
#include <vector>

namespace course {

Histogram histogram(std::span<const std::uint32_t> data, std::size_t threads) {
  if (threads == 0) throw std::invalid_argument("histogram: threads must be at least 1");
  std::vector<std::uint64_t> table(kBins * threads, 0);
  {
    std::vector<std::jthread> workers;
    for (std::size_t t = 0; t < threads; ++t) {
      workers.emplace_back([&table, data, t, threads] {
        std::size_t begin = data.size() * t / threads;
        std::size_t end = data.size() * (t + 1) / threads;
        for (std::size_t i = begin; i < end; ++i) ++table[bin_of(data[i]) * threads + t];
      });
    }
  }
  Histogram total{};
  for (std::size_t bin = 0; bin < kBins; ++bin)
    for (std::size_t t = 0; t < threads; ++t) total[bin] += table[bin * threads + t];
  return total;
}

}  // namespace course
