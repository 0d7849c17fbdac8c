// CORPUS CASE compile_error (exercise 04)
// Bug: a typo in count_slice (bin_for for bin_of): the exercise does not compile.
// Verdict the grader must give: a build error at histogram.cpp, every check
// skipped and the exercise still out of 100: its performance points are
// among the points not earned, not missing from the total.
// histogram: the input split into one contiguous slice per thread, each
// slice counted into a histogram on its own thread's stack, and the
// partial histograms added up once every thread has been joined. While the
// threads count, none of them writes memory another one reads or writes:
// no lock, no atomic, no cache line that two cores pass back and forth.
#include "course/histogram.h"

#include <algorithm>
#include <stdexcept>
#include <thread>
#include <vector>

namespace course {
namespace {

Histogram count_slice(std::span<const std::uint32_t> slice) {
  Histogram counts{};
  for (std::uint32_t value : slice) ++counts[bin_for(value)];
  return counts;
}

}  // namespace

Histogram histogram(std::span<const std::uint32_t> data, std::size_t threads) {
  if (threads == 0) throw std::invalid_argument("histogram: threads must be at least 1");
  // A thread without a value to count would only cost its start.
  const std::size_t parts = std::clamp<std::size_t>(data.size(), 1, threads);
  auto slice = [&](std::size_t part) {
    std::size_t begin = data.size() * part / parts;
    std::size_t end = data.size() * (part + 1) / parts;
    return data.subspan(begin, end - begin);
  };

  // One slot per part, each written once, by its own thread, at its end:
  // the counting itself happens in count_slice()'s local array.
  std::vector<Histogram> partial(parts);
  {
    std::vector<std::jthread> helpers;
    helpers.reserve(parts - 1);
    for (std::size_t part = 1; part < parts; ++part)
      helpers.emplace_back([&partial, &slice, part] { partial[part] = count_slice(slice(part)); });
    partial[0] = count_slice(slice(0));  // the calling thread counts a share too
  }                                      // the jthreads join here

  Histogram total{};
  for (const Histogram& counts : partial)
    for (std::size_t bin = 0; bin < kBins; ++bin) total[bin] += counts[bin];
  return total;
}

}  // namespace course
