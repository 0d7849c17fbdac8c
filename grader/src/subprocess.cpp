#include "subprocess.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

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
  for (std::size_t i = spec.argv.size(); i < image.strings.size(); ++i)
    image.envp.push_back(image.strings[i].data());
  image.envp.push_back(nullptr);
  return image;
}

int open_output(const std::filesystem::path& path) {
  if (path.empty()) return open("/dev/null", O_WRONLY | O_CLOEXEC);
  return open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

[[noreturn]] void exec_child(const ProcessSpec& spec, ExecImage& image, int out, int err,
                             int error_pipe) {
  setpgid(0, 0);
  int in = open("/dev/null", O_RDONLY);
  dup2(in, STDIN_FILENO);
  dup2(out, STDOUT_FILENO);
  dup2(err, STDERR_FILENO);
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
  execvpe(image.argv[0], image.argv.data(), image.envp.data());
  int e = errno;
  (void)!write(error_pipe, &e, sizeof e);
  _exit(127);
}

Usage to_usage(const rusage& r) {
  auto micros = [](const timeval& t) { return std::chrono::microseconds(t.tv_sec * 1000000L + t.tv_usec); };
  return {micros(r.ru_utime), micros(r.ru_stime), r.ru_nvcsw, r.ru_nivcsw, r.ru_maxrss};
}

// Waits for the child, polling: simple, and 2 ms is nothing next to the
// ~100 ms a sanitized test needs to start.
bool wait_until(pid_t pid, int& status, rusage& usage, std::chrono::steady_clock::time_point deadline,
                bool has_deadline) {
  for (;;) {
    pid_t r = wait4(pid, &status, WNOHANG, &usage);
    if (r == pid) return true;
    if (r < 0 && errno != EINTR) return true;
    if (has_deadline && std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace

ProcessResult run_process(const ProcessSpec& spec) {
  ProcessResult result;
  ExecImage image = make_image(spec);
  int out = open_output(spec.stdout_file);
  int err = spec.stderr_file.empty() ? dup(out) : open_output(spec.stderr_file);
  int pipe_fds[2];
  if (out < 0 || err < 0 || pipe2(pipe_fds, O_CLOEXEC) != 0) {
    result.start_error = std::string("cannot set up the child's output: ") + std::strerror(errno);
    if (out >= 0) close(out);
    if (err >= 0) close(err);
    return result;
  }

  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) exec_child(spec, image, out, err, pipe_fds[1]);
  close(out);
  close(err);
  close(pipe_fds[1]);
  if (pid < 0) {
    close(pipe_fds[0]);
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
  if (!wait_until(pid, status, usage, start + spec.timeout, has_deadline)) {
    result.timed_out = true;
    if (spec.on_timeout) spec.on_timeout(pid);
    kill(-pid, SIGKILL);
    wait4(pid, &status, 0, &usage);
  }
  result.usage = to_usage(usage);
  kill(-pid, SIGKILL);  // whatever the child left behind in its group
  result.wall = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);

  if (exec_failed) {
    result.start_error = "cannot run " + spec.argv[0] + ": " + std::strerror(exec_errno);
    return result;
  }
  result.started = true;
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

std::string describe_signal(int signal) {
  switch (signal) {
    case SIGSEGV: return "SIGSEGV (segmentation fault: an invalid memory access)";
    case SIGABRT: return "SIGABRT (abort: often std::terminate, e.g. an exception escaping a thread, "
                         "or a std::thread destroyed while still joinable)";
    case SIGBUS: return "SIGBUS (bus error: an invalid memory access)";
    case SIGFPE: return "SIGFPE (arithmetic error, e.g. division by zero)";
    case SIGILL: return "SIGILL (illegal instruction)";
    case SIGKILL: return "SIGKILL (killed)";
    case SIGXFSZ: return "SIGXFSZ (wrote more output than the grader allows)";
    case SIGTERM: return "SIGTERM (terminated)";
    default: return "signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
  }
}

}  // namespace grader
