// CORPUS CASE uneven_split
// Bug (of speed, not of correctness): the slice boundaries grow with the
// square of the part's index (begin = n * part^2 / parts^2), meant as "a
// bit more for the later threads" and left in. With two threads the first
// counts a quarter of the input and the second three quarters, so the
// first sits idle for two thirds of the call: the work is split unevenly.
// Verdict the grader must give: every test passes, race-free; its speed is
// below the reference's, and the diagnosis says decomposition.
#include "course/histogram.h"

#include <algorithm>
#include <stdexcept>
#include <thread>
#include <vector>

namespace course {
namespace {

Histogram count_slice(std::span<const std::uint32_t> slice) {
  Histogram counts{};
  for (std::uint32_t value : slice) ++counts[bin_of(value)];
  return counts;
}

}  // namespace

Histogram histogram(std::span<const std::uint32_t> data, std::size_t threads) {
  if (threads == 0) throw std::invalid_argument("histogram: threads must be at least 1");
  // A thread without a value to count would only cost its start.
  const std::size_t parts = std::clamp<std::size_t>(data.size(), 1, threads);
  auto slice = [&](std::size_t part) {
    std::size_t begin = data.size() * part * part / (parts * parts);
    std::size_t end = data.size() * (part + 1) * (part + 1) / (parts * parts);
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
