#include "cpus.h"

#include <sched.h>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "digits.h"
#include "text_files.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

// Whole words of a small control file; empty when it is missing.
std::vector<std::string> words_of(const fs::path& file) {
  std::vector<std::string> words;
  std::string text = read_file(file, 4096), word;
  for (char c : text + " ") {
    if (c == ' ' || c == '\n' || c == '\t') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  return words;
}

// "50000" -> 50000; nullopt for "max", "-1" and anything not a positive count.
std::optional<double> positive(const std::string& word) {
  auto n = parse_unsigned(word);
  return n && *n > 0 ? std::optional<double>(static_cast<double>(*n)) : std::nullopt;
}

// The quota one cgroup directory sets, in cores.
std::optional<double> quota_in(const fs::path& dir) {
  std::vector<std::string> max = words_of(dir / "cpu.max");
  if (max.size() == 2) {
    auto quota = positive(max[0]), period = positive(max[1]);
    return quota && period ? std::optional<double>(*quota / *period) : std::nullopt;
  }
  std::vector<std::string> quota = words_of(dir / "cpu.cfs_quota_us"), period = words_of(dir / "cpu.cfs_period_us");
  if (quota.size() != 1 || period.size() != 1) return std::nullopt;
  auto q = positive(quota[0]), p = positive(period[0]);
  return q && p ? std::optional<double>(*q / *p) : std::nullopt;
}

void keep_smaller(std::optional<double>& kept, std::optional<double> found) {
  if (found && (!kept || *found < *kept)) kept = found;
}

}  // namespace

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

std::optional<double> cpu_quota_cores(std::string_view proc_self_cgroup, const fs::path& cgroup_root) {
  std::optional<double> smallest;
  for (std::size_t start = 0; start < proc_self_cgroup.size();) {
    std::size_t end = proc_self_cgroup.find('\n', start);
    if (end == std::string_view::npos) end = proc_self_cgroup.size();
    std::string_view line = proc_self_cgroup.substr(start, end - start);
    start = end + 1;
    std::size_t first = line.find(':'), second = first == std::string_view::npos ? first : line.find(':', first + 1);
    if (second == std::string_view::npos) continue;
    std::string_view controllers = line.substr(first + 1, second - first - 1);
    std::string path(line.substr(second + 1));
    if (path.empty() || path[0] != '/' || path.find("..") != std::string::npos) continue;
    std::vector<fs::path> mounts;  // where this hierarchy's tree is
    if (controllers.empty()) {
      mounts = {cgroup_root, cgroup_root / "unified"};
    } else if (("," + std::string(controllers) + ",").find(",cpu,") != std::string::npos) {
      mounts = {cgroup_root / "cpu", cgroup_root / "cpu,cpuacct", cgroup_root / "cpuacct,cpu"};
    }
    for (const fs::path& mount : mounts)
      for (fs::path dir = mount / path.substr(1);; dir = dir.parent_path()) {
        keep_smaller(smallest, quota_in(dir));
        if (dir == mount || dir.string().size() <= mount.string().size()) break;
      }
  }
  return smallest;
}

CoreBudget core_budget(unsigned cpus, std::optional<double> quota) {
  CoreBudget budget{.cores = std::max(cpus, 1u), .cpus = std::max(cpus, 1u), .quota = quota};
  if (quota && *quota < budget.cores) budget.cores = std::max(1u, static_cast<unsigned>(std::floor(*quota + 1e-9)));
  return budget;
}

CoreBudget this_process_core_budget() {
  return core_budget(usable_cpu_count(), cpu_quota_cores(read_file("/proc/self/cgroup", 1 << 16), "/sys/fs/cgroup"));
}

std::string describe(const CoreBudget& budget) {
  std::string text = fmt::format("{} CPU{}", budget.cpus, budget.cpus == 1 ? "" : "s");
  if (budget.quota && *budget.quota < budget.cpus)
    text += fmt::format(" with a CPU quota of {:g} core{}", *budget.quota, *budget.quota <= 1 ? "" : "s");
  return text;
}

}  // namespace grader
