// Runs a submission's programs (its build, its tests, its benchmark) inside
// bubblewrap: no network, and a file system that shows only the system's
// read-only directories, the paths named here and an empty /tmp. So a
// submission cannot read the reference or hidden tests, reach the network,
// or write outside its build directory; and since the sandbox has its own
// PID namespace tied to the grader, killing it ends every process inside,
// setsid() daemons included.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace grader {

struct SandboxSpec {
  std::vector<std::filesystem::path> read_only;  // visible, not writable
  std::vector<std::filesystem::path> writable;   // visible and writable (build and log directories)
  // A PID namespace of its own makes killing the sandbox end everything in
  // it, but hides the program's CPU time from wait4(): bubblewrap's own init
  // reaps it. Runs whose CPU time is measured (benchmarks) go without, and
  // rely on the process group and the run's marker (subprocess.h) instead.
  bool own_pids = true;
};

struct SandboxSupport {
  bool available = false;
  std::string why_not;   // when not: what failed, for the report
};

// Whether bubblewrap runs here, found once by starting a trivial program
// in a sandbox. COURSE_NO_SANDBOX=1 turns it off (and says so).
const SandboxSupport& sandbox_support();

// The command line that runs `argv` in the sandbox, in `cwd`.
std::vector<std::string> sandboxed(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                                   const SandboxSpec& spec);

}  // namespace grader
