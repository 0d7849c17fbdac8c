// A histogram of a large input, counted by several threads: parallelism
// whose cost is the synchronisation between the threads, not the work.
//
// The API is one function with a fixed signature on purpose: the tests and
// the benchmark call it with every thread count and input size they need,
// and the only freedom left to you is the one this exercise is about, how
// the threads share (or do not share) their counters.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace course {

inline constexpr std::size_t kBins = 256;

// counts[b] is how many values of the input fell into bin b.
using Histogram = std::array<std::uint64_t, kBins>;

// How much mixing bin_of() does per value. It stands for the work of
// classifying one item (parsing a record, hashing a word): enough that
// counting is bound by the CPU, not by how fast memory delivers the input,
// so that a second core can make it faster, and small enough (a few
// nanoseconds) that any synchronisation per item shows at once.
inline constexpr int kClassifyRounds = 12;

// The bin of one value: the top 8 bits of a 64-bit hash of it. Every
// version of the count (yours, the reference, the course's own) uses this
// very function, so they all do the same work per value. Each round is a
// full 64 x 64 -> 128-bit multiply, which no vector unit does: the compiler
// cannot vectorise one version's loop and not another's, so the versions
// differ only in how their threads share counters.
constexpr std::size_t bin_of(std::uint32_t value) {
  __extension__ using u128 = unsigned __int128;
  std::uint64_t x = value;
  for (int round = 0; round < kClassifyRounds; ++round) {
    u128 product = static_cast<u128>(x ^ 0x9e3779b97f4a7c15ULL) * 0xd6e8feb86659fd93ULL;
    x = static_cast<std::uint64_t>(product) ^ static_cast<std::uint64_t>(product >> 64);
  }
  return static_cast<std::size_t>(x >> 56);
}

// Counts, for every bin b, how many values v of `data` have bin_of(v) == b,
// using up to `threads` threads:
//   - the result is exact, whatever `threads` is and whatever the size of
//     `data` (empty, smaller than `threads`, not a multiple of it);
//   - at most `threads` threads count at the same time: start at most
//     `threads` threads, or `threads` - 1 if the calling thread counts a
//     share itself. With a large input, all of them must really be started
//     (fewer are fine when there are fewer values than threads);
//   - every thread is started and joined inside the call: none is left
//     running, or kept for the next call, when it returns;
//   - safe to call from several threads at once (no state outlives a call);
//   - throws std::invalid_argument when threads is 0.
// `data` is borrowed: it must stay alive and unchanged until the call
// returns (every thread that reads it is joined by then).
Histogram histogram(std::span<const std::uint32_t> data, std::size_t threads);

}  // namespace course
