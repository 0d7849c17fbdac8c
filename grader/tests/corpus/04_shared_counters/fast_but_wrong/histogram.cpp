// Fast but wrong: the reference's split, except that on inputs larger than
// any the tests count (above 8 Mi values; the tests' largest has 4 Mi) each
// thread leaves the last value of its slice uncounted. Every test passes;
// only the benchmark's input, 16 Mi values, is miscounted, by a few values
// in all, and the benchmark, which checks every count it times against a
// plain loop over the same values, finds it.
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
  const std::size_t parts = std::clamp<std::size_t>(data.size(), 1, threads);
  const bool large = data.size() > (std::size_t{8} << 20);
  auto slice = [&](std::size_t part) {
    std::size_t begin = data.size() * part / parts;
    std::size_t end = data.size() * (part + 1) / parts;
    if (large) --end;  // BUG: the last value of every slice is dropped
    return data.subspan(begin, end - begin);
  };
  std::vector<Histogram> partial(parts);
  {
    std::vector<std::jthread> helpers;
    helpers.reserve(parts - 1);
    for (std::size_t part = 1; part < parts; ++part)
      helpers.emplace_back([&partial, &slice, part] { partial[part] = count_slice(slice(part)); });
    partial[0] = count_slice(slice(0));
  }
  Histogram total{};
  for (const Histogram& counts : partial)
    for (std::size_t bin = 0; bin < kBins; ++bin) total[bin] += counts[bin];
  return total;
}

}  // namespace course
