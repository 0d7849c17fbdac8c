// CORPUS CASE thread_per_chunk
// Bug: one thread per chunk of 64 Ki values, whatever `threads` says: 4 Mi
// values start 64 threads at once, fighting over the cores.
// Verdict the grader must give: NeverRunsMoreThanThreadsThreads fails (far
// more threads than asked for, seen in /proc/self/task); the counts are
// exact and there is no race.
#include "course/histogram.h"

#include <algorithm>
#include <stdexcept>
#include <thread>
#include <vector>

namespace course {

constexpr std::size_t kChunk = std::size_t{1} << 16;

Histogram histogram(std::span<const std::uint32_t> data, std::size_t threads) {
  if (threads == 0) throw std::invalid_argument("histogram: threads must be at least 1");
  const std::size_t chunks = (data.size() + kChunk - 1) / kChunk;
  std::vector<Histogram> partial(chunks);
  {
    std::vector<std::jthread> workers;
    for (std::size_t c = 0; c < chunks; ++c) {
      workers.emplace_back([&partial, data, c] {
        auto chunk = data.subspan(c * kChunk, std::min(kChunk, data.size() - c * kChunk));
        for (std::uint32_t value : chunk) ++partial[c][bin_of(value)];
      });
    }
  }
  Histogram total{};
  for (const Histogram& counts : partial)
    for (std::size_t bin = 0; bin < kBins; ++bin) total[bin] += counts[bin];
  return total;
}

}  // namespace course
