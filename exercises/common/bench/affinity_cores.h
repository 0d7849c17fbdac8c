// The CPUs this process may run on: what `taskset -c 0` (and the grader's
// one-core run) changes. The demos and benchmarks place their rows of 1, 2,
// ... 2 x cores threads by it.
//
// Only the affinity mask, on purpose: exercise 02's available_cores() also
// reads cgroup quotas, but it is a student's solution, and each exercise
// builds on its own.
#pragma once

#include <sched.h>

#include <algorithm>
#include <cstddef>

namespace course_bench {

inline std::size_t affinity_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  return static_cast<std::size_t>(std::max(1, CPU_COUNT(&set)));
}

}  // namespace course_bench
