#include "sandbox.h"

#include <cstdlib>

#include "subprocess.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

// What every program needs: the compiler, the C++ and sanitizer runtimes,
// gdb-readable binaries, /etc for the dynamic loader's configuration.
constexpr const char* kSystemDirs[] = {"/usr", "/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin", "/etc"};

void mount(std::vector<std::string>& args, const char* how, const fs::path& path) {
  args.insert(args.end(), {how, path.string(), path.string()});
}

SandboxSupport probe() {
  SandboxSupport support;
  if (const char* off = std::getenv("COURSE_NO_SANDBOX"); off != nullptr && std::string(off) == "1") {
    support.why_not = "turned off by COURSE_NO_SANDBOX=1";
    return support;
  }
  ProcessSpec spec;
  spec.argv = sandboxed({"/bin/true"}, "/", {});
  spec.timeout = std::chrono::seconds(10);
  ProcessResult result = run_process(spec);
  if (!result.started) {
    support.why_not = "bubblewrap (bwrap) is not installed: apt-get install bubblewrap";
  } else if (result.exit_code != 0) {
    support.why_not = "bubblewrap cannot create namespaces here (user namespaces may be disabled)";
  } else {
    support.available = true;
  }
  return support;
}

}  // namespace

const SandboxSupport& sandbox_support() {
  static const SandboxSupport support = probe();
  return support;
}

std::vector<std::string> sandboxed(const std::vector<std::string>& argv, const fs::path& cwd,
                                   const SandboxSpec& spec) {
  std::vector<std::string> args = {"bwrap", "--die-with-parent", "--new-session", "--unshare-user", "--unshare-ipc",
                                   "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"};
  if (spec.own_pids) args.push_back("--unshare-pid");
  args.insert(args.end(), {"--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"});
  for (const char* dir : kSystemDirs)
    if (fs::exists(dir)) mount(args, fs::is_symlink(dir) ? "--symlink" : "--ro-bind", dir);
  // A symlinked /lib64 (merged /usr) is recreated as the same link.
  for (std::size_t i = 0; i + 2 < args.size(); ++i)
    if (args[i] == "--symlink") args[i + 1] = fs::read_symlink(args[i + 1]).string();
  for (const auto& path : spec.read_only) mount(args, "--ro-bind", path);
  for (const auto& path : spec.writable) mount(args, "--bind", path);
  args.insert(args.end(), {"--chdir", cwd.empty() ? "/" : cwd.string(), "--"});
  args.insert(args.end(), argv.begin(), argv.end());
  return args;
}

}  // namespace grader
