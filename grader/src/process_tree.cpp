#include "process_tree.h"

#include <dirent.h>
#include <signal.h>

#include <cstdlib>
#include <map>
#include <sstream>

#include "text_files.h"

namespace grader {
namespace {

std::vector<pid_t> all_pids() {
  std::vector<pid_t> pids;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return pids;
  while (dirent* entry = readdir(proc)) {
    char* end = nullptr;
    long pid = std::strtol(entry->d_name, &end, 10);
    if (*end == '\0' && pid > 0) pids.push_back(static_cast<pid_t>(pid));
  }
  closedir(proc);
  return pids;
}

std::string proc_file(pid_t pid, const char* name, std::size_t max_bytes = 1 << 16) {
  return read_file("/proc/" + std::to_string(pid) + "/" + name, max_bytes);
}

// The parent pid from /proc/PID/stat; the command name may hold spaces and
// parentheses, so the fields are read after its last ')'.
pid_t parent_of(pid_t pid) {
  std::string stat = proc_file(pid, "stat", 4096);
  auto close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(stat.substr(close + 1));
  std::string state;
  pid_t parent = -1;
  fields >> state >> parent;
  return parent;
}

}  // namespace

std::vector<pid_t> descendants(pid_t root) {
  std::multimap<pid_t, pid_t> children;
  for (pid_t pid : all_pids()) children.emplace(parent_of(pid), pid);
  std::vector<pid_t> found;
  std::vector<pid_t> frontier{root};
  while (!frontier.empty()) {
    pid_t parent = frontier.back();
    frontier.pop_back();
    auto [first, last] = children.equal_range(parent);
    for (auto it = first; it != last; ++it) {
      found.push_back(it->second);
      frontier.push_back(it->second);
    }
  }
  return found;
}

std::vector<pid_t> processes_with_marker(const std::string& marker) {
  std::vector<pid_t> found;
  for (pid_t pid : all_pids()) {
    std::string environ = proc_file(pid, "environ", 1 << 20);
    for (std::size_t start = 0; start < environ.size();) {
      std::size_t end = environ.find('\0', start);
      if (end == std::string::npos) end = environ.size();
      if (environ.compare(start, end - start, marker) == 0) {
        found.push_back(pid);
        break;
      }
      start = end + 1;
    }
  }
  return found;
}

long resident_kib(const std::vector<pid_t>& pids) {
  long total = 0;
  for (pid_t pid : pids) {
    std::string status = proc_file(pid, "status", 1 << 14);
    auto pos = status.find("VmRSS:");
    if (pos != std::string::npos) total += std::strtol(status.c_str() + pos + 6, nullptr, 10);
  }
  return total;
}

std::string command_name(pid_t pid) {
  std::string name = proc_file(pid, "comm", 256);
  if (!name.empty() && name.back() == '\n') name.pop_back();
  return name;
}

int kill_all(const std::vector<pid_t>& pids) {
  int killed = 0;
  for (pid_t pid : pids)
    if (kill(pid, SIGKILL) == 0) ++killed;
  return killed;
}

}  // namespace grader
