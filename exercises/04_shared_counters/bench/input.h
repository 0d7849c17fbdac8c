// The input the benchmark and the demo count: uniformly random 32-bit
// values. Its size and its distribution are fixed, so that every run times
// the same amount of the same kind of work; its values come from a seed the
// caller gives, which the grader draws afresh for every benchmark run
// (course_bench::seed()), so that no submission can recognise the input and
// answer from a table of counts made beforehand.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace course_bench {

// 16 Mi values (64 MB): about 100 ms of counting on one core at -O2, long
// enough that starting a few threads (microseconds) cannot hide a speedup,
// short enough for the grader's repeated pairs.
inline constexpr std::size_t kInputValues = std::size_t{1} << 24;

// splitmix64: a fast generator whose every output bit depends on the seed.
// There is deliberately no default seed.
inline std::vector<std::uint32_t> generated_input(std::size_t values, std::uint64_t seed) {
  std::vector<std::uint32_t> data(values);
  std::uint64_t state = seed;
  for (auto& value : data) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    value = static_cast<std::uint32_t>((z ^ (z >> 31)) >> 32);
  }
  return data;
}

}  // namespace course_bench
