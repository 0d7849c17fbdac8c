// course-sandbox-init: PID 1 of every sandbox (bwrap --as-pid-1), the
// course's own, so that a sandboxed run has a PID namespace and still tells
// the grader what it cost.
//
//   course-sandbox-init REPORT_FD PROGRAM [ARGS...]
//
// It starts PROGRAM with every descriptor it inherited (stdout and stderr,
// the result channel's) except REPORT_FD, reaps every process of the
// namespace while PROGRAM runs, and once PROGRAM has ended counts what is
// still alive, kills it, reaps it and writes one line to REPORT_FD
// (sandbox.h, SandboxReport): PROGRAM's wait status and the rusage of every
// process of the namespace (RUSAGE_CHILDREN, so daemons and the leftovers
// it killed count too). Then it exits, and with it, the kernel ends whatever
// could still be in the namespace.
//
// Kept to plain system calls (no C++ runtime) and linked statically: it
// starts once per test, and runs with the submission's environment.
// Nothing inside the sandbox can touch it: it is not dumpable (no ptrace,
// no /proc/1/fd), and PID 1 receives no signal from its own namespace
// that it has no handler for (it installs none).
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace {

// Processes of the namespace that still run (zombies are on their way out),
// this one excepted.
int count_alive() {
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return 0;
  int alive = 0;
  while (dirent* entry = readdir(proc)) {
    char* end = nullptr;
    long pid = strtol(entry->d_name, &end, 10);
    if (*end != '\0' || pid <= 1) continue;
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    char stat[512];
    ssize_t n = read(fd, stat, sizeof stat - 1);
    close(fd);
    if (n <= 0) continue;
    stat[n] = '\0';
    // The state follows the command name, which may hold ')' itself.
    const char* close_paren = strrchr(stat, ')');
    if (close_paren != nullptr && close_paren[1] == ' ' && close_paren[2] != 'Z' && close_paren[2] != 'X') ++alive;
  }
  closedir(proc);
  return alive;
}

void reap_without_waiting() {
  while (waitpid(-1, nullptr, WNOHANG) > 0) {
  }
}

void sleep_ms(long ms) {
  timespec t{0, ms * 1000000L};
  while (nanosleep(&t, &t) != 0 && errno == EINTR) {
  }
}

long micros(const timeval& t) { return t.tv_sec * 1000000L + t.tv_usec; }

}  // namespace

int main(int argc, char** argv) {
  // First of all: nothing that runs as this user may trace it or open its
  // descriptors through /proc.
  prctl(PR_SET_DUMPABLE, 0);
  if (argc < 3) {
    static const char usage[] = "course-sandbox-init: usage: course-sandbox-init REPORT_FD PROGRAM [ARGS...]\n";
    (void)!write(STDERR_FILENO, usage, sizeof usage - 1);
    return 125;
  }
  const int report = atoi(argv[1]);
  struct stat report_stat;
  if (report < 3 || fstat(report, &report_stat) != 0 || !S_ISFIFO(report_stat.st_mode)) {
    static const char bad[] = "course-sandbox-init: REPORT_FD is not a pipe held open by the grader\n";
    (void)!write(STDERR_FILENO, bad, sizeof bad - 1);
    return 125;
  }
  fcntl(report, F_SETFD, FD_CLOEXEC);

  int exec_pipe[2];
  if (pipe2(exec_pipe, O_CLOEXEC) != 0) return 125;
  const pid_t program = fork();
  if (program < 0) return 125;
  if (program == 0) {
    execvp(argv[2], argv + 2);
    int e = errno;
    (void)!write(exec_pipe[1], &e, sizeof e);
    _exit(127);
  }
  close(exec_pipe[1]);
  int exec_errno = 0;
  while (read(exec_pipe[0], &exec_errno, sizeof exec_errno) < 0 && errno == EINTR) {
  }
  close(exec_pipe[0]);

  // Every process of the namespace is reaped here: orphans are reparented
  // to PID 1. The program's end is the run's end.
  int status = 0;
  for (;;) {
    int s = 0;
    pid_t r = waitpid(-1, &s, 0);
    if (r == program) {
      status = s;
      break;
    }
    if (r < 0 && errno != EINTR) break;
  }

  // What outlived the program. A process a moment from its end (a child
  // that was just killed, one that exits as its parent does) gets that
  // moment, as outside a sandbox (subprocess.cpp).
  int left = count_alive();
  for (int i = 0; i < 20 && left > 0; ++i) {
    sleep_ms(10);
    reap_without_waiting();
    left = count_alive();
  }
  kill(-1, SIGKILL);  // from PID 1: every other process of the namespace
  for (;;) {
    pid_t r = waitpid(-1, nullptr, 0);
    if (r < 0 && errno != EINTR) break;
  }

  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  char line[256];
  int n =
      snprintf(line, sizeof line, "course-sandbox-init 1 %d %d %ld %ld %ld %ld %ld %d\n", exec_errno, status,
               micros(usage.ru_utime), micros(usage.ru_stime), usage.ru_nvcsw, usage.ru_nivcsw, usage.ru_maxrss, left);
  (void)!write(report, line, static_cast<size_t>(n));
  return 0;
}
