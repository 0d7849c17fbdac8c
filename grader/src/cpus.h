// The CPUs this process may run on (its affinity mask, which a Slurm task,
// taskset or a container narrows): the one place the grader reads it.
#pragma once

#include <vector>

namespace grader {

// Ascending CPU numbers; empty when the kernel would not say.
std::vector<int> usable_cpus();

// How many of them, at least 1: what "--jobs: default the usable cores" means.
unsigned usable_cpu_count();

}  // namespace grader
