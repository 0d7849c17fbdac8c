// Runs fn(0) ... fn(count - 1) on up to `jobs` threads and waits for all.
// fn must not throw.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace grader {

template <typename Fn>
void parallel_for(std::size_t count, unsigned jobs, Fn fn) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) fn(i);
  };
  std::vector<std::jthread> threads;
  for (unsigned j = 1; j < std::max(1u, std::min<unsigned>(jobs, count)); ++j) threads.emplace_back(worker);
  worker();
}

}  // namespace grader
