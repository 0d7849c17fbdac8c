// Runs a submission's programs (its build, its tests, its benchmark) inside
// bubblewrap: no network, and a file system that shows only the system's
// read-only directories, the paths named here and an empty /tmp. So a
// submission cannot read the reference or hidden tests, reach the network,
// or write outside its build directory.
//
// Every sandbox has a PID namespace of its own whose PID 1 is the course's
// init (course-sandbox-init, sandbox_init.cpp): when the program ends, the
// init counts what it left running, kills it and reports the program's exit
// status and the CPU time of every process it started to the grader over a
// pipe only the init holds; then it exits, and the kernel ends whatever is
// left in the namespace. No process outlives its run, setsid() daemons and
// double forks included, and the CPU time stays visible (benchmarks need it).
//
// When the grader runs as root (CI, batch servers), the sandbox runs as an
// unprivileged user of its own (nobody by default), so nothing in it has
// any power over the grader's files or processes either.
//
// Thread-safety: every function may be called from any thread at once (the
// tests and stress runs of one grading run on parallel_for threads); the
// one probe of what this machine supports runs once, the first caller's.
#pragma once

#include <sys/types.h>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace grader {

struct SandboxSpec {
  std::vector<std::filesystem::path> read_only;  // visible, not writable
  // Visible and writable (build and log directories): given to the
  // sandbox's user (chown, recursively) before the run.
  std::vector<std::filesystem::path> writable;
  // Visible, not writable, at another path: {outside, inside}. The build
  // shows every submission's sources at one path (compiled_sources.h).
  std::vector<std::pair<std::filesystem::path, std::filesystem::path>> read_only_at{};
};

// The user a sandbox runs as, when the grader is root.
struct SandboxUser {
  uid_t uid = 65534;  // nobody
  gid_t gid = 65534;  // nogroup
};

// How sandboxes are started here, found once by sandbox_support().
struct SandboxPlan {
  std::filesystem::path init;       // course-sandbox-init
  std::optional<SandboxUser> user;  // empty: the grader's own (it is not root, or dropping failed)
};

struct SandboxSupport {
  bool available = false;
  std::string why_not;   // when not: what failed, for the report
  SandboxPlan plan;      // when available
  std::string why_root;  // when the grader is root and sandboxes still run as root: why
};

// Whether bubblewrap runs here, found once by starting a trivial program in
// a sandbox (as the unprivileged user first, when the grader is root).
// COURSE_NO_SANDBOX=1 turns it off (and says so). COURSE_SANDBOX_UID=N
// (and COURSE_SANDBOX_GID) choose the unprivileged user; COURSE_SANDBOX_INIT
// names the init when it is not beside the running program.
const SandboxSupport& sandbox_support();

// The descriptor number the init's report pipe has in bubblewrap and the
// init (subprocess.cpp places it there; descriptors the caller hands to
// the program must use other numbers).
constexpr int kSandboxReportFd = 200;

// The command line that runs `argv` in the sandbox, in `cwd`, under `init`
// reporting on kSandboxReportFd.
std::vector<std::string> sandboxed(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                                   const SandboxSpec& spec, const std::filesystem::path& init);

// What the init reported (sandbox_init.cpp writes it): parsed from its
// line, nullopt when the line is not one.
struct SandboxReport {
  int exec_errno = 0;                       // the program could not be started: why
  int wait_status = 0;                      // the program's, as waitpid() gives it
  long user_cpu_us = 0, system_cpu_us = 0;  // every process of the namespace
  long voluntary_switches = 0, involuntary_switches = 0;
  long max_rss_kib = 0;
  int leftover_processes = 0;  // still running when the program ended (then killed)
};
std::optional<SandboxReport> parse_sandbox_report(const std::string& line);

}  // namespace grader
