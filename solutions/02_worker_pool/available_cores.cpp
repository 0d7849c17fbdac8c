// EXERCISE 02, part 1 of 2: available_cores.
//
// Write the four functions of
// exercises/02_worker_pool/include/course/available_cores.h as
// exercises/02_worker_pool/README.md describes:
//   - cgroup_cpu_quota(dir): the CPU quota that one cgroup directory sets
//     (cgroup v2's cpu.max, else v1's cpu.cfs_quota_us / cpu.cfs_period_us);
//   - cores_allowed(affinity, quota): the rule that combines the two;
//   - cgroup_cpu_limit(root, proc_self_cgroup): the smallest quota of the
//     cgroups /proc/self/cgroup names and of each of their ancestors;
//   - available_cores(): the CPUs of this thread's affinity mask
//     (sched_getaffinity), bounded by
//     cgroup_cpu_limit("/sys/fs/cgroup", the content of /proc/self/cgroup).
// Replace each `throw course::NotImplemented(...)` with real code, then grade
// it with `make check EXERCISE=02`.
#include "course/available_cores.h"

#include "course/not_implemented.h"

namespace course {

std::size_t available_cores() { throw NotImplemented("available_cores"); }

std::optional<double> cgroup_cpu_quota(const std::filesystem::path& /*cgroup_dir*/) {
  throw NotImplemented("cgroup_cpu_quota");
}

std::optional<double> cgroup_cpu_limit(const std::filesystem::path& /*cgroup_root*/,
                                       const std::string& /*proc_self_cgroup*/) {
  throw NotImplemented("cgroup_cpu_limit");
}

std::size_t cores_allowed(std::size_t /*affinity_cores*/, std::optional<double> /*quota*/) {
  throw NotImplemented("cores_allowed");
}

}  // namespace course
