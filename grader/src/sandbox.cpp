#include "sandbox.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "subprocess.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

// What every program needs: the compiler, the C++ and sanitizer runtimes,
// gdb-readable binaries, /etc for the dynamic loader's configuration.
constexpr const char* kSystemDirs[] = {"/usr", "/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin", "/etc"};

// Where the init is seen inside every sandbox (its comm: "course-sandbox-").
constexpr const char* kInitInside = "/run/course-sandbox-init";
constexpr const char* kInitName = "course-sandbox-init";

void mount(std::vector<std::string>& args, const char* how, const fs::path& path) {
  args.insert(args.end(), {how, path.string(), path.string()});
}

bool is_executable(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec) && access(path.c_str(), X_OK) == 0;
}

// Beside the running program (the grader, its unit tests), or one
// directory up (the corpus tests' programs); COURSE_SANDBOX_INIT first.
fs::path find_init() {
  if (const char* named = std::getenv("COURSE_SANDBOX_INIT"); named != nullptr && *named != '\0')
    return is_executable(named) ? fs::path(named) : fs::path();
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  for (const fs::path& dir : {self.parent_path(), self.parent_path().parent_path()})
    if (is_executable(dir / kInitName)) return dir / kInitName;
  return {};
}

std::optional<SandboxUser> configured_user() {
  SandboxUser user;
  if (const char* uid = std::getenv("COURSE_SANDBOX_UID"); uid != nullptr && *uid != '\0')
    user.uid = static_cast<uid_t>(std::strtoul(uid, nullptr, 10));
  if (const char* gid = std::getenv("COURSE_SANDBOX_GID"); gid != nullptr && *gid != '\0')
    user.gid = static_cast<gid_t>(std::strtoul(gid, nullptr, 10));
  if (user.uid == 0 || user.gid == 0) return std::nullopt;
  return user;
}

// A sandbox that starts, runs a program and hands its exit status over
// through the init: `sh -c 'exit 7'` ends with 7 only when the init's
// report arrived (bubblewrap itself ends with the init's status, 0).
std::string try_plan(const SandboxPlan& plan) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", "exit 7"};
  spec.sandbox = SandboxSpec{};
  spec.timeout = std::chrono::seconds(10);
  fs::path log = fs::temp_directory_path() / ("course_sandbox_probe_" + std::to_string(getpid()) + ".txt");
  spec.stdout_file = log;
  ToolRun run = run_tool(spec, {.max_log_bytes = 512, .remove_log = true, .plan = &plan});
  const ProcessResult& result = run.process;
  std::string said = run.log;
  while (!said.empty() && (said.back() == '\n' || said.back() == ' ')) said.pop_back();
  if (!result.started) return result.start_error;
  if (result.exit_code == 7) return "";
  return "bubblewrap could not start a sandbox" + (said.empty() ? std::string() : " (" + said + ")");
}

SandboxSupport probe() {
  SandboxSupport support;
  if (const char* off = std::getenv("COURSE_NO_SANDBOX"); off != nullptr && std::string(off) == "1") {
    support.why_not = "turned off by COURSE_NO_SANDBOX=1";
    return support;
  }
  ProcessSpec bwrap;
  bwrap.argv = {"bwrap", "--version"};
  if (!run_tool(bwrap).process.started) {
    support.why_not = "bubblewrap (bwrap) is not installed: apt-get install bubblewrap";
    return support;
  }
  support.plan.init = find_init();
  if (support.plan.init.empty()) {
    support.why_not = std::string(kInitName) +
                      " (the sandbox's init, built with the grader) was not found beside the grader; build the "
                      "target course-sandbox-init or name it in COURSE_SANDBOX_INIT";
    return support;
  }
  if (geteuid() == 0) {
    support.plan.user = configured_user();
    if (!support.plan.user) {
      support.why_root = "COURSE_SANDBOX_UID/COURSE_SANDBOX_GID name root";
    } else if (std::string failed = try_plan(support.plan); !failed.empty()) {
      support.why_root = "a sandbox as uid " + std::to_string(support.plan.user->uid) + " failed: " + failed;
      support.plan.user.reset();
    }
  }
  if (!support.plan.user) {
    if (std::string failed = try_plan(support.plan); !failed.empty()) {
      support.why_not = failed + " (user namespaces may be disabled)";
      return support;
    }
  }
  support.available = true;
  return support;
}

}  // namespace

const SandboxSupport& sandbox_support() {
  static const SandboxSupport support = probe();
  return support;
}

std::vector<std::string> sandboxed(const std::vector<std::string>& argv, const fs::path& cwd, const SandboxSpec& spec,
                                   const fs::path& init) {
  // --as-pid-1: no reaper of bubblewrap's own, the course's init is PID 1.
  std::vector<std::string> args = {"bwrap",         "--die-with-parent", "--new-session", "--unshare-user",
                                   "--unshare-ipc", "--unshare-net",     "--unshare-uts", "--unshare-cgroup-try",
                                   "--unshare-pid", "--as-pid-1"};
  args.insert(args.end(), {"--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"});
  for (const char* dir : kSystemDirs)
    if (fs::exists(dir)) mount(args, fs::is_symlink(dir) ? "--symlink" : "--ro-bind", dir);
  // A symlinked /lib64 (merged /usr) is recreated as the same link.
  for (std::size_t i = 0; i + 2 < args.size(); ++i)
    if (args[i] == "--symlink") args[i + 1] = fs::read_symlink(args[i + 1]).string();
  for (const auto& path : spec.read_only) mount(args, "--ro-bind", path);
  for (const auto& path : spec.writable) mount(args, "--bind", path);
  for (const auto& [outside, inside] : spec.read_only_at)
    args.insert(args.end(), {"--ro-bind", outside.string(), inside.string()});
  args.insert(args.end(), {"--ro-bind", init.string(), kInitInside});
  args.insert(args.end(),
              {"--chdir", cwd.empty() ? "/" : cwd.string(), "--", kInitInside, std::to_string(kSandboxReportFd)});
  args.insert(args.end(), argv.begin(), argv.end());
  return args;
}

std::optional<SandboxReport> parse_sandbox_report(const std::string& line) {
  SandboxReport r;
  int version = 0;
  int consumed = 0;
  if (std::sscanf(line.c_str(), "course-sandbox-init %d %d %d %ld %ld %ld %ld %ld %d\n%n", &version, &r.exec_errno,
                  &r.wait_status, &r.user_cpu_us, &r.system_cpu_us, &r.voluntary_switches, &r.involuntary_switches,
                  &r.max_rss_kib, &r.leftover_processes, &consumed) != 9 ||
      version != 1)
    return std::nullopt;
  return r;
}

}  // namespace grader
