// Runs one child process with a wall-clock limit, its output sent to files.
//
// Grading runs untrusted code. The child leads a process group of its own,
// never inherits the grader's terminal, and its output files are capped by
// RLIMIT_FSIZE; its output files are created afresh (a link or FIFO planted
// where one goes is removed, never followed). Optionally it runs in a
// sandbox (sandbox.h); while it runs, every process it started is watched
// for memory and count, and once it is done, whatever it left behind is
// killed and counted: by the sandbox's init inside a sandbox, by the run's
// marker in the environment outside one.
//
// Thread-safety: run() and run_tool() may be called from several threads at
// once, each for a child of its own (the stress and suite runs do); the
// files a run writes are its caller's, and two runs must not share them.
#pragma once

#include <sys/types.h>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sandbox.h"

namespace grader {

struct ProcessSpec {
  std::vector<std::string> argv;           // argv[0] is the program (a path or a name on PATH)
  std::map<std::string, std::string> env;  // added to (or replacing) the grader's environment
  std::filesystem::path cwd;               // empty: the grader's
  std::filesystem::path stdout_file;       // empty: discarded; else replaced by a new file
  std::filesystem::path stderr_file;       // empty: same as stdout_file
  std::chrono::milliseconds timeout{0};    // 0: no limit
  bool disable_aslr = false;               // ThreadSanitizer needs fixed addresses
  unsigned long max_file_bytes = 0;        // RLIMIT_FSIZE for the child; 0: unlimited
  std::vector<int> cpus;                   // pin the child to these CPUs; empty: as the grader
  std::optional<SandboxSpec> sandbox;      // run inside bubblewrap when it is available
  long max_memory_kib = 0;                 // resident memory of all its processes; 0: unlimited
  int max_processes = 0;                   // processes alive at once, the child's included; 0: unlimited
  // Called once the timeout has passed, before the child is killed, with the
  // child's pid: the moment to take a snapshot of a hung process.
  // With a sandbox, the pid is the program's inside it, not bubblewrap's.
  std::function<void(pid_t)> on_timeout;
  // Asked every few milliseconds while the child runs: true ends it as its
  // timeout would (timed_out, on_timeout, then SIGKILL). A watchdog finer
  // than one limit for the whole run (passing_together(), test_process.h).
  std::function<bool()> stop_now;
  // Descriptors the child inherits: {the grader's descriptor, its number in
  // the child}. The grader keeps ownership of its own (the result channel,
  // result_channel.h); every other descriptor stays close-on-exec.
  std::vector<std::pair<int, int>> inherit_fds;
  // A client whose work outlives it on purpose (sbatch: the job it queued
  // may start on this very machine, with sbatch's environment and so this
  // run's marker): what it leaves running is neither killed nor counted.
  bool leaves_work_running = false;
};

// What the child consumed, from wait4() (in a sandbox: from its init, all
// the processes of the sandbox together): CPU time over wall time tells
// parallel from serialized, context switches tell waiting from preemption.
struct Usage {
  std::chrono::microseconds user_cpu{0};
  std::chrono::microseconds system_cpu{0};
  long voluntary_switches = 0;    // the child blocked (locks, condition variables, I/O)
  long involuntary_switches = 0;  // the scheduler took the core away
  long max_rss_kib = 0;
};

struct ProcessResult {
  bool started = false;     // false: the program could not be executed
  std::string start_error;  // why not
  bool timed_out = false;
  std::string limit_exceeded;  // "memory" or "processes": the watch killed it for this
  long peak_memory_kib = 0;    // the most resident memory seen across its processes
  int leftover_processes = 0;  // processes still running after it ended (then killed)
  bool sandboxed = false;
  std::optional<int> exit_code;  // set when the child exited
  std::optional<int> signal;     // set when a signal killed it (SIGKILL after a timeout included)
  std::chrono::milliseconds wall{0};
  Usage usage;
};

ProcessResult run_process(const ProcessSpec& spec);

// run_process() in a sandbox started the way `plan` says, whether or not
// sandbox_support() found one: for sandbox.cpp's probe (and so the one
// call that works before sandbox_support() knows). Needs spec.sandbox.
ProcessResult run_sandboxed(const ProcessSpec& spec, const SandboxPlan& plan);

// The user a sandbox binding `sandbox`'s paths runs as under `plan`: the
// plan's user, or none (the grader's own) when the plan has none or that
// user cannot reach one of those paths; then `blocked` (when given) names
// the first directory in the way and `needed` the path behind it. What
// run_process() itself decides, for a caller that must know beforehand
// (the compile cache keeps one directory per user: submission_build.cpp).
std::optional<SandboxUser> sandbox_user(const SandboxSpec& sandbox, const SandboxPlan& plan,
                                        std::string* blocked = nullptr, std::filesystem::path* needed = nullptr);

// The one way to run a tool of the grader's own (objcopy, gdb, zip,
// ninja, sbatch, ...) and read what it said: run_process() on `spec`, then
// its output files read back without following a link and at most
// max_log_bytes of each (a tool may print without end, and one run in a
// sandbox may have replaced its log by then).
struct ToolOptions {
  std::size_t max_log_bytes = 64 << 10;
  // Follows the start error when the tool cannot run: how to get it,
  // ". Install binutils (Debian: apt-get install binutils)." and the like.
  std::string hint = "";
  bool remove_log = false;            // the log serves this call only: removed once read
  const SandboxPlan* plan = nullptr;  // set: run_sandboxed() with it (sandbox.cpp's probe)
};

struct ToolRun {
  ProcessResult process;
  std::string log;     // spec.stdout_file's content (stderr too unless apart); "" without one
  std::string errors;  // spec.stderr_file's, when apart from stdout_file
  // Could not start: "cannot run zip: No such file or directory" and the
  // hint; "" when it started.
  std::string missing;
};

ToolRun run_tool(const ProcessSpec& spec, const ToolOptions& options = {});

// "SIGSEGV (segmentation fault)" and the like.
std::string describe_signal(int signal);

}  // namespace grader
