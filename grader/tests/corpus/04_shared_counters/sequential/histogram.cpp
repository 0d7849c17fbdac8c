// CORPUS CASE sequential
// Bug: the plain loop on the calling thread, whatever `threads` says.
// Exact, race-free, and never any faster than one core.
// Verdict the grader must give: RunsThreadsThreadsAtOnce fails (no thread
// of its own is ever seen in /proc/self/task); every other test passes.
#include "course/histogram.h"

#include <stdexcept>

namespace course {

Histogram histogram(std::span<const std::uint32_t> data, std::size_t threads) {
  if (threads == 0) throw std::invalid_argument("histogram: threads must be at least 1");
  Histogram counts{};
  for (std::uint32_t value : data) ++counts[bin_of(value)];
  return counts;
}

}  // namespace course
