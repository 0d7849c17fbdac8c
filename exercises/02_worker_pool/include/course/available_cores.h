// How many cores this process may really use. std::thread::hardware_concurrency()
// counts the machine's cores; a process pinned with `taskset` or limited by
// a container's CPU quota may use fewer, and a CPU-bound pool larger than
// that only adds switching.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace course {

// Thread-safety: every function here may be called from any threads at
// once; each reads the files it needs afresh and keeps no state.

// The smaller of the cores in this process's affinity mask (sched_getaffinity)
// and its cgroup CPU quota rounded up; at least 1. The quota is
// cgroup_cpu_limit("/sys/fs/cgroup", the content of /proc/self/cgroup):
// available_cores() calls it (the tests reach the walk up the cgroup tree
// only through it).
std::size_t available_cores();

// The CPU quota of one cgroup directory, in cores (possibly fractional:
// "150000 100000" is 1.5), or nullopt when it sets none. Reads cgroup v2's
// `cpu.max` ("max 100000" or "QUOTA PERIOD"), else cgroup v1's
// `cpu.cfs_quota_us` (-1: none) and `cpu.cfs_period_us`. Missing or
// malformed files mean no quota.
std::optional<double> cgroup_cpu_quota(const std::filesystem::path& cgroup_dir);

// The smallest CPU quota, in cores, that the cgroups named in
// `proc_self_cgroup` set, or nullopt when none sets one. `proc_self_cgroup`
// is the content of /proc/self/cgroup: lines "ID:CONTROLLERS:PATH". A line
// with no controllers ("0::/a/b", cgroup v2) names cgroup_root/a/b; a line
// whose controllers include "cpu" ("4:cpu,cpuacct:/a/b", cgroup v1) names
// cgroup_root/cpu/a/b and cgroup_root/cpu,cpuacct/a/b; other lines name
// nothing. For every directory named, cgroup_cpu_quota() of it *and of each
// of its parents* up to and including the hierarchy's root counts (a
// parent's quota holds for all its children); the smallest wins.
// Directories that do not exist set no quota. Never throws.
std::optional<double> cgroup_cpu_limit(const std::filesystem::path& cgroup_root, const std::string& proc_self_cgroup);

// The rule available_cores() applies, given its two inputs: the affinity
// core count and a quota (nullopt: none): the smaller of the two, the quota
// rounded up, and never below 1. Quota 1.5 with 4 cores gives 2; quota 0.2
// gives 1.
std::size_t cores_allowed(std::size_t affinity_cores, std::optional<double> quota);

}  // namespace course
