// available_cores: the affinity mask bounded by every CPU quota on the way
// from this process's cgroup up to the root of the cgroup tree.
#include "course/available_cores.h"

#include <sched.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

namespace course {
namespace {

namespace fs = std::filesystem;

// The whitespace-separated words of a file, or nullopt if it cannot be read.
std::optional<std::vector<std::string>> read_words(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return std::nullopt;
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

// A whole word as an integer; nullopt for "max", "12abc" and the like.
std::optional<long long> to_integer(const std::string& word) {
  long long value = 0;
  auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (error != std::errc() || end != word.data() + word.size()) return std::nullopt;
  return value;
}

// QUOTA/PERIOD in cores. A negative quota (v1's -1) means none; so does
// anything unreadable, because a wrong limit would be worse than none.
std::optional<double> quota_in_cores(std::optional<long long> quota, std::optional<long long> period) {
  if (!quota || !period || *quota <= 0 || *period <= 0) return std::nullopt;
  return static_cast<double>(*quota) / static_cast<double>(*period);
}

std::optional<double> smaller(std::optional<double> a, std::optional<double> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

std::optional<std::string> first_word(const fs::path& file) {
  auto words = read_words(file);
  if (!words || words->empty()) return std::nullopt;
  return words->front();
}

// The smallest quota of `cgroup` (a path like "/user.slice/session-2.scope")
// and of all its ancestors under `root`: a parent's limit holds for every
// child. A container often sees its own cgroup as the root while
// /proc/self/cgroup names the host's path; the parts of that path that do
// not exist here simply have no files to read.
std::optional<double> smallest_quota_on_path(const fs::path& root, const std::string& cgroup) {
  fs::path dir = root;
  std::optional<double> smallest = cgroup_cpu_quota(dir);
  for (const fs::path& part : fs::path(cgroup).relative_path()) {
    if (part == "..") break;  // the cgroup lies outside what this process can see
    dir /= part;
    smallest = smaller(smallest, cgroup_cpu_quota(dir));
  }
  return smallest;
}

// The CPUs this thread may run on. A cpu_set_t has room for 1024 CPUs; on a
// larger machine the kernel refuses it (EINVAL) and a bigger set is needed.
std::size_t affinity_core_count() {
  for (int cpus = CPU_SETSIZE; cpus <= (1 << 20); cpus *= 2) {
    std::unique_ptr<cpu_set_t, void (*)(cpu_set_t*)> set(CPU_ALLOC(cpus), [](cpu_set_t* s) { CPU_FREE(s); });
    std::size_t size = CPU_ALLOC_SIZE(cpus);
    CPU_ZERO_S(size, set.get());
    if (sched_getaffinity(0, size, set.get()) == 0) return CPU_COUNT_S(size, set.get());
    if (errno != EINVAL) break;
  }
  return 1;
}

}  // namespace

std::optional<double> cgroup_cpu_quota(const fs::path& cgroup_dir) {
  // cgroup v2: one file, "max PERIOD" or "QUOTA PERIOD".
  if (auto max = read_words(cgroup_dir / "cpu.max")) {
    if (max->size() != 2) return std::nullopt;
    return quota_in_cores(to_integer((*max)[0]), to_integer((*max)[1]));
  }
  // cgroup v1: two files, the quota -1 when there is none.
  auto quota = first_word(cgroup_dir / "cpu.cfs_quota_us");
  auto period = first_word(cgroup_dir / "cpu.cfs_period_us");
  if (!quota || !period) return std::nullopt;
  return quota_in_cores(to_integer(*quota), to_integer(*period));
}

std::size_t cores_allowed(std::size_t affinity_cores, std::optional<double> quota) {
  std::size_t cores = std::max<std::size_t>(affinity_cores, 1);
  // Round a fractional quota up: 1.5 cores of quota keep 2 threads busy part
  // of the time, and rounding down would leave quota unused. Comparing as
  // doubles first keeps a huge quota from overflowing the conversion.
  if (quota && *quota < static_cast<double>(cores)) {
    cores = static_cast<std::size_t>(std::max(1.0, std::ceil(*quota)));
  }
  return cores;
}

std::optional<double> cgroup_cpu_limit(const fs::path& cgroup_root, const std::string& proc_self_cgroup) {
  // Each line is "ID:CONTROLLERS:PATH". cgroup v2 has a single line "0::PATH"
  // with its tree at the root; cgroup v1 has one line per hierarchy, and the
  // one whose controllers include "cpu" is mounted at ROOT/cpu (or
  // ROOT/cpu,cpuacct). A hybrid system has both kinds of line: look
  // everywhere, and keep the smallest quota.
  std::optional<double> quota;
  std::istringstream lines(proc_self_cgroup);
  for (std::string line; std::getline(lines, line);) {
    std::size_t first = line.find(':');
    if (first == std::string::npos) continue;
    std::size_t second = line.find(':', first + 1);
    if (second == std::string::npos) continue;
    std::string controllers = line.substr(first + 1, second - first - 1);
    std::string cgroup = line.substr(second + 1);

    std::vector<fs::path> roots;
    if (controllers.empty()) {
      roots = {cgroup_root};
    } else {
      std::istringstream names(controllers);
      for (std::string name; std::getline(names, name, ',');) {
        if (name == "cpu") roots = {cgroup_root / "cpu", cgroup_root / "cpu,cpuacct"};
      }
    }
    for (const fs::path& root : roots) quota = smaller(quota, smallest_quota_on_path(root, cgroup));
  }
  return quota;
}

std::size_t available_cores() {
  std::ifstream file("/proc/self/cgroup");
  std::string content(std::istreambuf_iterator<char>(file), {});
  return cores_allowed(affinity_core_count(), cgroup_cpu_limit("/sys/fs/cgroup", content));
}

}  // namespace course
