#include "subprocess.h"

#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <random>
#include <thread>
#include <utility>

#include "process_tree.h"
#include "text_files.h"

extern char** environ;

namespace grader {
namespace {

// argv and envp are built before fork(): after fork() in a multithreaded
// grader, the child may only make async-signal-safe calls.
struct ExecImage {
  std::vector<std::string> strings;
  std::vector<char*> argv;
  std::vector<char*> envp;
};

ExecImage make_image(const ProcessSpec& spec) {
  ExecImage image;
  std::map<std::string, std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry = *e;
    auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [key, value] : spec.env) env[key] = value;

  image.strings.reserve(spec.argv.size() + env.size());
  for (const auto& arg : spec.argv) image.strings.push_back(arg);
  for (const auto& [key, value] : env) image.strings.push_back(key + "=" + value);
  for (std::size_t i = 0; i < spec.argv.size(); ++i) image.argv.push_back(image.strings[i].data());
  image.argv.push_back(nullptr);
  for (std::size_t i = spec.argv.size(); i < image.strings.size(); ++i) image.envp.push_back(image.strings[i].data());
  image.envp.push_back(nullptr);
  return image;
}

// A new file: whatever lies at `path` (a link a test planted in its own
// log directory, a FIFO, last run's output) is removed, not followed or
// opened; something that cannot be removed (a directory) is an error.
int open_output(const std::filesystem::path& path) {
  if (path.empty()) return open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (unlink(path.c_str()) != 0 && errno != ENOENT) return -1;
  return open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
}

// A sandbox's writable directories become its user's, the files in them
// included (links themselves, never what they point to).
void give_to(const std::vector<std::filesystem::path>& dirs, const SandboxUser& user) {
  for (const auto& dir : dirs) {
    if (lchown(dir.c_str(), user.uid, user.gid) != 0) continue;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
      (void)!lchown(it->path().c_str(), user.uid, user.gid);
  }
}

// Whether `user` can reach `path` (each directory on the way searchable, the
// path itself readable): bubblewrap, started as that user, must open it to
// bind it. The first one it cannot reach, or "".
std::string unreachable(const std::filesystem::path& path, const SandboxUser& user) {
  std::filesystem::path walked;
  for (const auto& part : std::filesystem::absolute(path)) {
    walked /= part;
    struct stat st;
    if (stat(walked.c_str(), &st) != 0) return "";  // missing: bubblewrap says so itself
    unsigned shift = st.st_uid == user.uid ? 6 : st.st_gid == user.gid ? 3 : 0;
    unsigned bits = (st.st_mode >> shift) & 7;
    bool last = walked == std::filesystem::absolute(path);
    bool ok = S_ISDIR(st.st_mode) ? (bits & 1) && (!last || (bits & 4)) : (!last || (bits & 4));
    if (!ok) return walked.string();
  }
  return "";
}

// The report pipe's write end is placed at kSandboxReportFd last of all,
// from a number above it, so that no descriptor the child is given at a
// fixed number elsewhere can collide with it.
[[noreturn]] void exec_child(const ProcessSpec& spec, ExecImage& image, int out, int err, int error_pipe, int report_fd,
                             const SandboxUser* user) {
  setpgid(0, 0);
  int in = open("/dev/null", O_RDONLY);
  dup2(in, STDIN_FILENO);
  dup2(out, STDOUT_FILENO);
  dup2(err, STDERR_FILENO);
  // Inherited descriptors: first moved out of the way (a source or the
  // error pipe may sit at another one's target number), then put in place;
  // dup2 leaves the copy without close-on-exec.
  constexpr int kOutOfTheWay = 512;
  int moved[16];
  const std::size_t inherited = std::min<std::size_t>(spec.inherit_fds.size(), 16);
  for (std::size_t i = 0; i < inherited; ++i)
    moved[i] = fcntl(spec.inherit_fds[i].first, F_DUPFD_CLOEXEC, kOutOfTheWay);
  if (inherited > 0) error_pipe = fcntl(error_pipe, F_DUPFD_CLOEXEC, kOutOfTheWay);
  for (std::size_t i = 0; i < inherited; ++i) dup2(moved[i], spec.inherit_fds[i].second);
  if (spec.disable_aslr) personality(ADDR_NO_RANDOMIZE);
  if (spec.max_file_bytes > 0) {
    rlimit limit{spec.max_file_bytes, spec.max_file_bytes};
    setrlimit(RLIMIT_FSIZE, &limit);
  }
  if (!spec.cpus.empty()) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int cpu : spec.cpus) CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
  }
  rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  if (!spec.cwd.empty() && chdir(spec.cwd.c_str()) != 0) {
    int e = errno;
    (void)!write(error_pipe, &e, sizeof e);
    _exit(127);
  }
  if (report_fd >= 0) dup2(report_fd, kSandboxReportFd);  // without FD_CLOEXEC: bubblewrap passes it on
  // Groups first, the user last: dropping the user drops the right to change either.
  if (user != nullptr && (setgroups(0, nullptr) != 0 || setresgid(user->gid, user->gid, user->gid) != 0 ||
                          setresuid(user->uid, user->uid, user->uid) != 0)) {
    int e = errno;
    (void)!write(error_pipe, &e, sizeof e);
    _exit(127);
  }
  execvpe(image.argv[0], image.argv.data(), image.envp.data());
  int e = errno;
  (void)!write(error_pipe, &e, sizeof e);
  _exit(127);
}

Usage to_usage(const rusage& r) {
  auto micros = [](const timeval& t) { return std::chrono::microseconds(t.tv_sec * 1000000L + t.tv_usec); };
  return {micros(r.ru_utime), micros(r.ru_stime), r.ru_nvcsw, r.ru_nivcsw, r.ru_maxrss};
}

// Every run's processes carry this variable, so that a process that
// double-forked out of the tree is still found afterwards.
constexpr const char* kMarkerName = "COURSE_GRADER_RUN";

std::string new_marker() {
  static std::atomic<unsigned long> counter{0};
  static const unsigned long salt = std::random_device{}();
  return std::to_string(getpid()) + "-" + std::to_string(salt) + "-" + std::to_string(++counter);
}

// How often the processes are counted and measured: a fork bomb or a
// runaway allocation gets this long before it is stopped.
constexpr std::chrono::milliseconds kWatchInterval{50};

// Polls for the child's end (2 ms is nothing next to the ~100 ms a
// sanitized test needs to start) and watches its processes. Returns false
// when the deadline passed or a limit was exceeded (`limit` says which).
bool wait_until(pid_t pid, const ProcessSpec& spec, int& status, rusage& usage,
                std::chrono::steady_clock::time_point deadline, bool has_deadline, ProcessResult& result) {
  auto next_watch = std::chrono::steady_clock::now();
  const bool watching = spec.max_memory_kib > 0 || spec.max_processes > 0;
  for (;;) {
    pid_t r = wait4(pid, &status, WNOHANG, &usage);
    if (r == pid) return true;
    if (r < 0 && errno != EINTR) return true;
    auto now = std::chrono::steady_clock::now();
    if (has_deadline && now >= deadline) return false;
    if (spec.stop_now && spec.stop_now()) return false;
    if (watching && now >= next_watch) {
      next_watch = now + kWatchInterval;
      std::vector<pid_t> pids = descendants(pid);
      pids.push_back(pid);
      long memory = resident_kib(pids);
      result.peak_memory_kib = std::max(result.peak_memory_kib, memory);
      if (spec.max_processes > 0 && static_cast<int>(pids.size()) > spec.max_processes) {
        result.limit_exceeded = "processes";
        return false;
      }
      if (spec.max_memory_kib > 0 && memory > spec.max_memory_kib) {
        result.limit_exceeded = "memory";
        return false;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

// The run's processes still alive a moment after it ended. A sandbox's
// processes may take that moment to be torn down with its namespace.
std::vector<pid_t> lingering(const std::string& marker) {
  std::vector<pid_t> left = processes_with_marker(marker);
  for (int i = 0; i < 20 && !left.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    left = processes_with_marker(marker);
  }
  return left;
}

// The program a snapshot should show: inside a sandbox, the first process
// under bubblewrap and the sandbox's init ("course-sandbox-init").
pid_t program_pid(pid_t child, bool sandboxed) {
  if (!sandboxed) return child;
  for (pid_t pid : descendants(child)) {
    std::string name = command_name(pid);
    if (name != "bwrap" && name.rfind("course-sandbox", 0) != 0) return pid;
  }
  return child;
}

// The init's line, once bubblewrap has ended (and so the init before it):
// read without waiting, since a killed sandbox never wrote one.
std::optional<SandboxReport> read_report(int fd) {
  std::string text;
  char buffer[512];
  for (ssize_t n; text.size() < 4096 && (n = read(fd, buffer, sizeof buffer)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return parse_sandbox_report(text);
}

}  // namespace

std::optional<SandboxUser> sandbox_user(const SandboxSpec& sandbox, const SandboxPlan& plan, std::string* blocked,
                                        std::filesystem::path* needed) {
  if (!plan.user) return std::nullopt;
  for (const auto* paths : {&sandbox.read_only, &sandbox.writable})
    for (const auto& path : *paths)
      if (std::string in_the_way = unreachable(path, *plan.user); !in_the_way.empty()) {
        if (blocked != nullptr) *blocked = in_the_way;
        if (needed != nullptr) *needed = path;
        return std::nullopt;
      }
  for (const auto& [outside, inside] : sandbox.read_only_at)
    if (std::string in_the_way = unreachable(outside, *plan.user); !in_the_way.empty()) {
      if (blocked != nullptr) *blocked = in_the_way;
      if (needed != nullptr) *needed = outside;
      return std::nullopt;
    }
  return plan.user;
}

namespace {

ProcessResult run(const ProcessSpec& original, const SandboxPlan* plan) {
  ProcessResult result;
  ProcessSpec spec = original;
  const std::string program = spec.argv.empty() ? std::string() : spec.argv[0];
  std::string marker;
  int report[2] = {-1, -1};
  // The user the sandbox runs as; root for this run when that user cannot
  // reach a directory the run needs (say, a roster under a private mktemp
  // directory): the run still works, its PID namespace still confines it,
  // and the grader says once how to get the unprivileged user back.
  std::optional<SandboxUser> chosen;
  if (plan != nullptr && plan->user) {
    std::string blocked;
    std::filesystem::path needed;
    chosen = sandbox_user(*spec.sandbox, *plan, &blocked, &needed);
    if (!chosen) {
      static std::once_flag warned;
      std::call_once(warned, [&] {
        std::fprintf(stderr,
                     "grader: the sandbox's user (uid %u) cannot read %s, which the sandbox needs (%s): "
                     "sandboxes that need it run as root, which weakens them (their code can then open "
                     "/proc/self/mem). Make it readable by others (chmod o+rx) or choose the user with "
                     "COURSE_SANDBOX_UID/COURSE_SANDBOX_GID.\n",
                     static_cast<unsigned>(plan->user->uid), blocked.c_str(), needed.string().c_str());
      });
    }
    // Its writable directories become the user's; when it runs as root
    // after all, root's again (root inside the sandbox's user namespace
    // cannot write what nobody owns).
    give_to(spec.sandbox->writable, chosen ? *chosen : SandboxUser{getuid(), getgid()});
  }
  if (plan != nullptr) {
    spec.argv = sandboxed(spec.argv, spec.cwd, *spec.sandbox, plan->init);
    result.sandboxed = true;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
      result.start_error = std::string("cannot set up the sandbox's report pipe: ") + std::strerror(errno);
      return result;
    }
    report[0] = fds[0];
    report[1] = fcntl(fds[1], F_DUPFD_CLOEXEC, kSandboxReportFd + 1);
    close(fds[1]);
    // Blocking for the init: the report is one short line, never more than the pipe holds.
    if (report[1] >= 0) fcntl(report[1], F_SETFL, 0);
  } else {
    marker = new_marker();
    spec.env[kMarkerName] = marker;
  }
  auto close_report = [&] {
    for (int& fd : report)
      if (fd >= 0) close(std::exchange(fd, -1));
  };
  ExecImage image = make_image(spec);
  int out = open_output(spec.stdout_file);
  int err = spec.stderr_file.empty() ? dup(out) : open_output(spec.stderr_file);
  int pipe_fds[2];
  if (out < 0 || err < 0 || (plan != nullptr && report[1] < 0) || pipe2(pipe_fds, O_CLOEXEC) != 0) {
    result.start_error = std::string("cannot set up the child's output: ") + std::strerror(errno);
    if (out >= 0) close(out);
    if (err >= 0) close(err);
    close_report();
    return result;
  }

  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  const SandboxUser* user = chosen ? &*chosen : nullptr;
  if (pid == 0) exec_child(spec, image, out, err, pipe_fds[1], report[1], user);
  close(out);
  close(err);
  close(pipe_fds[1]);
  if (report[1] >= 0) close(std::exchange(report[1], -1));
  if (pid < 0) {
    close(pipe_fds[0]);
    close_report();
    result.start_error = std::string("fork failed: ") + std::strerror(errno);
    return result;
  }
  setpgid(pid, pid);  // also here, so that the group exists before we may kill it

  int exec_errno = 0;
  bool exec_failed = read(pipe_fds[0], &exec_errno, sizeof exec_errno) == sizeof exec_errno;
  close(pipe_fds[0]);

  int status = 0;
  rusage usage{};
  bool has_deadline = spec.timeout.count() > 0 && !exec_failed;
  if (!wait_until(pid, spec, status, usage, start + spec.timeout, has_deadline, result)) {
    result.timed_out = result.limit_exceeded.empty();
    if (result.timed_out && spec.on_timeout) spec.on_timeout(program_pid(pid, result.sandboxed));
    // bubblewrap's end kills the init (--die-with-parent), and the init's
    // end everything in its namespace.
    kill(-pid, SIGKILL);
    wait4(pid, &status, 0, &usage);
  }
  result.usage = to_usage(usage);
  const bool ended = !result.timed_out && result.limit_exceeded.empty();
  std::optional<SandboxReport> from_init;
  if (plan != nullptr) {
    // The init has counted and killed what the program left; the kernel
    // has torn the namespace down before bubblewrap could end.
    from_init = read_report(report[0]);
    close_report();
    kill(-pid, SIGKILL);
  } else {
    // Whatever the child left behind, in its group or out of it (setsid, a
    // double fork): found by marker before the group is killed, so that only
    // processes that outlived a normal end count as left over.
    std::vector<pid_t> left =
        spec.leaves_work_running ? std::vector<pid_t>{} : lingering(std::string(kMarkerName) + "=" + marker);
    if (ended) result.leftover_processes = static_cast<int>(left.size());
    kill(-pid, SIGKILL);
    kill_all(left);
  }
  result.wall = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);

  if (exec_failed) {
    result.start_error = "cannot run " + spec.argv[0] + ": " + std::strerror(exec_errno);
    return result;
  }
  if (from_init && from_init->exec_errno != 0) {
    result.start_error = "cannot run " + program + ": " + std::strerror(from_init->exec_errno);
    return result;
  }
  result.started = true;
  if (from_init) {
    status = from_init->wait_status;
    result.usage = {std::chrono::microseconds(from_init->user_cpu_us),
                    std::chrono::microseconds(from_init->system_cpu_us), from_init->voluntary_switches,
                    from_init->involuntary_switches, from_init->max_rss_kib};
    if (ended) result.leftover_processes = from_init->leftover_processes;
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

}  // namespace

ProcessResult run_process(const ProcessSpec& spec) {
  if (spec.sandbox && sandbox_support().available) return run(spec, &sandbox_support().plan);
  return run(spec, nullptr);
}

ProcessResult run_sandboxed(const ProcessSpec& spec, const SandboxPlan& plan) { return run(spec, &plan); }

ToolRun run_tool(const ProcessSpec& spec, const ToolOptions& options) {
  ToolRun run;
  run.process = options.plan != nullptr ? run_sandboxed(spec, *options.plan) : run_process(spec);
  if (!run.process.started) run.missing = run.process.start_error + options.hint;
  for (auto [file, text] : {std::pair{&spec.stdout_file, &run.log}, std::pair{&spec.stderr_file, &run.errors}}) {
    if (file->empty()) continue;
    *text = read_untrusted(*file, options.max_log_bytes).content;
    std::error_code ignored;
    if (options.remove_log) std::filesystem::remove(*file, ignored);
  }
  return run;
}

std::string describe_signal(int signal) {
  switch (signal) {
    case SIGSEGV:
      return "SIGSEGV (segmentation fault: an invalid memory access)";
    case SIGABRT:
      return "SIGABRT (abort: often std::terminate, e.g. an exception escaping a thread, "
             "or a std::thread destroyed while still joinable)";
    case SIGBUS:
      return "SIGBUS (bus error: an invalid memory access)";
    case SIGFPE:
      return "SIGFPE (arithmetic error, e.g. division by zero)";
    case SIGILL:
      return "SIGILL (illegal instruction)";
    case SIGKILL:
      return "SIGKILL (killed)";
    case SIGXFSZ:
      return "SIGXFSZ: it printed more output than the grader keeps (16 MB; the rest was dropped). "
             "Take the printing out of loops";
    case SIGTERM:
      return "SIGTERM (terminated)";
    default:
      return "signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
  }
}

}  // namespace grader
