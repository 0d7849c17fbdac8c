// The course's own versions of histogram(), measured beside yours by the
// demo: the plain loop, and three ways of sharing the counting between
// threads, two of them slow on purpose. Each is correct and race-free; they
// differ only in where the threads keep their counters.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "course/histogram.h"

namespace course_demo {

using course::bin_of;
using course::Histogram;
using course::kBins;

// The slice of `data` that thread `part` of `parts` counts.
inline std::span<const std::uint32_t> slice_of(std::span<const std::uint32_t> data, std::size_t part,
                                               std::size_t parts) {
  std::size_t begin = data.size() * part / parts;
  std::size_t end = data.size() * (part + 1) / parts;
  return data.subspan(begin, end - begin);
}

// Runs count(part, slice) on `threads` threads, the caller being thread 0,
// and joins them.
template <typename Count>
void on_threads(std::span<const std::uint32_t> data, std::size_t threads, Count count) {
  std::vector<std::jthread> helpers;
  for (std::size_t part = 1; part < threads; ++part)
    helpers.emplace_back([&, part] { count(part, slice_of(data, part, threads)); });
  count(0, slice_of(data, 0, threads));
}

// The baseline: one thread, one array, no synchronisation at all.
inline Histogram sequential(std::span<const std::uint32_t> data) {
  Histogram counts{};
  for (std::uint32_t value : data) ++counts[bin_of(value)];
  return counts;
}

// Version 1, contention: one histogram for everybody, one mutex around
// every single update. Correct, and the threads spend their time waiting
// for each other (and moving the mutex's cache line between cores): the
// lock turns the parallel loop back into a sequential one, with the cost
// of a lock and an unlock added to every value.
inline Histogram shared_mutex(std::span<const std::uint32_t> data, std::size_t threads) {
  Histogram counts{};
  std::mutex mutex;
  on_threads(data, threads, [&](std::size_t, std::span<const std::uint32_t> slice) {
    for (std::uint32_t value : slice) {
      std::size_t bin = bin_of(value);  // the work itself needs no lock
      std::lock_guard lock(mutex);
      ++counts[bin];
    }
  });
  return counts;
}

// Version 2, false sharing: every thread has counters of its own, so no
// lock is needed, but they are packed side by side: counter (bin, thread)
// sits at table[bin * threads + thread], the threads' counters for one bin
// next to each other, as if the table were laid out for the merge. Up to 8
// threads' counters share each 64-byte cache line, and a core must own a
// line to write it: the line moves to the other core at nearly every
// update, although no two threads ever write the same counter.
inline Histogram packed_counters(std::span<const std::uint32_t> data, std::size_t threads) {
  std::vector<std::uint64_t> table(kBins * threads, 0);
  on_threads(data, threads, [&](std::size_t thread, std::span<const std::uint32_t> slice) {
    for (std::uint32_t value : slice) ++table[bin_of(value) * threads + thread];
  });
  Histogram counts{};
  for (std::size_t bin = 0; bin < kBins; ++bin)
    for (std::size_t thread = 0; thread < threads; ++thread) counts[bin] += table[bin * threads + thread];
  return counts;
}

// Version 3, the fix: each thread's whole histogram on cache lines of its
// own (alignas(64) rounds each one up to whole lines and starts it on a
// line boundary), merged once the threads are joined. While they count,
// no core writes a line another core uses.
struct alignas(64) PaddedHistogram {
  Histogram counts{};
};

inline Histogram padded_counters(std::span<const std::uint32_t> data, std::size_t threads) {
  std::vector<PaddedHistogram> mine(threads);
  on_threads(data, threads, [&](std::size_t thread, std::span<const std::uint32_t> slice) {
    Histogram& counts = mine[thread].counts;
    for (std::uint32_t value : slice) ++counts[bin_of(value)];
  });
  Histogram total{};
  for (const auto& one : mine)
    for (std::size_t bin = 0; bin < kBins; ++bin) total[bin] += one.counts[bin];
  return total;
}

}  // namespace course_demo
