// The processes a child started, found from /proc: what the grader counts,
// measures and kills so that nothing a submission starts outlives its test
// or takes the machine down with it.
//
// Thread-safety: reads /proc and signals only the pids it is given; safe
// from any thread at once.
#pragma once

#include <sys/types.h>
#include <string>
#include <vector>

namespace grader {

// Every living descendant of `root` (not `root` itself), parents before
// their children. A process that double-forked away has left the tree:
// find it by marker instead.
std::vector<pid_t> descendants(pid_t root);

// Every process whose initial environment holds `marker` ("NAME=value"):
// all that a run started, daemons that called setsid() included, as long as
// they kept the environment they were started with. Zombies have no
// environment left, so they are not found.
std::vector<pid_t> processes_with_marker(const std::string& marker);

// Resident memory of the processes, in KiB (threads share their process's).
long resident_kib(const std::vector<pid_t>& pids);

// The process's command name ("bwrap", "tests"); "" once it is gone.
std::string command_name(pid_t pid);

// SIGKILL to each; returns how many were still there to kill.
int kill_all(const std::vector<pid_t>& pids);

}  // namespace grader
