// EXERCISE 02, part 1 of 2: available_cores.
//
// Write the three functions of
// exercises/02_worker_pool/include/course/available_cores.h as
// exercises/02_worker_pool/README.md describes:
//   - cgroup_cpu_quota(dir): the CPU quota that one cgroup directory sets
//     (cgroup v2's cpu.max, else v1's cpu.cfs_quota_us / cpu.cfs_period_us);
//   - cores_allowed(affinity, quota): the rule that combines the two;
//   - available_cores(): the CPUs of this thread's affinity mask
//     (sched_getaffinity), bounded by the quota of this process's cgroup and
//     of each of its ancestors (/proc/self/cgroup says where it is).
// Replace each `throw course::NotImplemented(...)` with real code, then grade
// it with `make check EXERCISE=02`.
#include "course/available_cores.h"

#include "course/not_implemented.h"

namespace course {

std::size_t available_cores() { throw NotImplemented("available_cores"); }

std::optional<double> cgroup_cpu_quota(const std::filesystem::path& /*cgroup_dir*/) {
  throw NotImplemented("cgroup_cpu_quota");
}

std::size_t cores_allowed(std::size_t /*affinity_cores*/, std::optional<double> /*quota*/) {
  throw NotImplemented("cores_allowed");
}

}  // namespace course
