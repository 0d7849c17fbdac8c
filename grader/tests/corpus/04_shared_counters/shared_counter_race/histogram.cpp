// CORPUS CASE shared_counter_race
// Bug: every thread adds to one shared histogram with a plain ++, no lock
// and no atomic. Two threads that increment the same bin at once both read
// the old count and both write old + 1: one update is lost.
// Verdict the grader must give: race-free fails, pointing at histogram.cpp;
// the large inputs most likely come out short (how many updates are lost
// depends on the interleaving).
#include "course/histogram.h"

#include <stdexcept>
#include <thread>
#include <vector>

namespace course {

Histogram histogram(std::span<const std::uint32_t> data, std::size_t threads) {
  if (threads == 0) throw std::invalid_argument("histogram: threads must be at least 1");
  Histogram total{};
  {
    std::vector<std::jthread> workers;
    for (std::size_t t = 0; t < threads; ++t) {
      workers.emplace_back([&total, data, t, threads] {
        std::size_t begin = data.size() * t / threads;
        std::size_t end = data.size() * (t + 1) / threads;
        for (std::size_t i = begin; i < end; ++i) ++total[bin_of(data[i])];
      });
    }
  }
  return total;
}

}  // namespace course
