// The CPUs this process may run on (its affinity mask, which a Slurm task,
// taskset or a container narrows) and the CPU time its cgroups allow: the
// one place the grader reads them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grader {

// Ascending CPU numbers; empty when the kernel would not say.
std::vector<int> usable_cpus();

// How many of them, at least 1.
unsigned usable_cpu_count();

// The CPU time the cgroups of a process allow, in cores, the smallest along
// the path from its cgroup up to `cgroup_root`: cgroup v2's cpu.max
// ("50000 100000" is half a core, "max 100000" no limit) or v1's
// cpu.cfs_quota_us over cpu.cfs_period_us (-1: no limit), read for each
// line of `proc_self_cgroup` ("0::/path", "4:cpu,cpuacct:/path").
// nullopt: nothing limits it. Gradescope's containers have such a quota
// (half a core unless the instructor chooses more) on a host whose CPUs
// are all in the affinity mask.
std::optional<double> cpu_quota_cores(std::string_view proc_self_cgroup, const std::filesystem::path& cgroup_root);

// What the grader may use: its CPUs, and fewer cores' worth where a quota
// allows less CPU time (rounded down, at least 1: half a core is no core of
// one's own). What --jobs defaults to and what speed is measured on.
struct CoreBudget {
  unsigned cores = 1;
  unsigned cpus = 1;
  std::optional<double> quota;  // in cores
};
CoreBudget core_budget(unsigned cpus, std::optional<double> quota);
CoreBudget this_process_core_budget();  // usable_cpu_count(), /proc/self/cgroup, /sys/fs/cgroup

// "2 CPUs", "4 CPUs with a CPU quota of 0.5 core".
std::string describe(const CoreBudget& budget);

}  // namespace grader
