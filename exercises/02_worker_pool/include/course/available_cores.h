// How many cores this process may really use. std::thread::hardware_concurrency()
// counts the machine's cores; a process pinned with `taskset` or limited by
// a container's CPU quota may use fewer, and a CPU-bound pool larger than
// that only adds switching.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>

namespace course {

// The smaller of the cores in this process's affinity mask (sched_getaffinity)
// and its cgroup CPU quota rounded up; at least 1.
std::size_t available_cores();

// The CPU quota of one cgroup directory, in cores (possibly fractional:
// "150000 100000" is 1.5), or nullopt when it sets none. Reads cgroup v2's
// `cpu.max` ("max 100000" or "QUOTA PERIOD"), else cgroup v1's
// `cpu.cfs_quota_us` (-1: none) and `cpu.cfs_period_us`. Missing or
// malformed files mean no quota.
std::optional<double> cgroup_cpu_quota(const std::filesystem::path& cgroup_dir);

// The rule available_cores() applies, given its two inputs: the affinity
// core count and a quota (nullopt: none): the smaller of the two, the quota
// rounded up, and never below 1. Quota 1.5 with 4 cores gives 2; quota 0.2
// gives 1.
std::size_t cores_allowed(std::size_t affinity_cores, std::optional<double> quota);

}  // namespace course
