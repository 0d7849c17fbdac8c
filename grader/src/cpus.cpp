#include "cpus.h"

#include <sched.h>

namespace grader {

std::vector<int> usable_cpus() {
  cpu_set_t set;
  std::vector<int> cpus;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
  return cpus;
}

unsigned usable_cpu_count() {
  std::size_t count = usable_cpus().size();
  return count > 0 ? static_cast<unsigned>(count) : 1u;
}

}  // namespace grader
