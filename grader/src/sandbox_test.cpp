#include "sandbox.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "process_tree.h"
#include "subprocess.h"
#include "test_support.h"
#include "text_files.h"

namespace grader {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class Sandbox : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!sandbox_support().available) GTEST_SKIP() << "no sandbox here: " << sandbox_support().why_not;
    dir_ = fresh_test_dir("grader_sandbox_test");
  }
  void TearDown() override {
    std::error_code ignored;
    if (!dir_.empty()) fs::remove_all(dir_, ignored);
  }
  fs::path dir_;
};

// Host pids of every shell whose command line holds `token` (bubblewrap's
// and the init's hold it too, as the program's arguments).
std::vector<pid_t> with_argument(const std::string& token) {
  std::vector<pid_t> found;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmdline = read_file(entry.path() / "cmdline", 1 << 16);
    if (cmdline.find(token) != std::string::npos && command_name(std::stoi(name)) == "sh")
      found.push_back(std::stoi(name));
  }
  return found;
}

std::string unique_token(const std::string& what) {
  return "course-" + what + "-" + std::to_string(getpid()) + "-" +
         ::testing::UnitTest::GetInstance()->current_test_info()->name();
}

constexpr const char* kBusyLoop = "i=0; while [ $i -lt 150000 ]; do i=$((i+1)); done";

// A daemon as a hostile benchmark starts one: a double fork into a session
// of its own, with an environment of its own (no run marker to find it by).
// It burns CPU, says so, then waits to strike later.
std::string daemon_script(const fs::path& dir, const std::string& token) {
  return "setsid env -i /bin/sh -c '" + std::string(kBusyLoop) + "; touch " + (dir / "burned").string() +
         "; sleep 300; : " + token + "' & " + "while [ ! -e " + (dir / "burned").string() +
         " ]; do sleep 0.05; done; exit 0";
}

std::chrono::microseconds cpu(const ProcessResult& r) { return r.usage.user_cpu + r.usage.system_cpu; }

TEST_F(Sandbox, NoDaemonOutlivesItsRunAndItsCpuTimeCounts) {
  // What the loop costs here, outside any sandbox.
  ProcessSpec plain;
  plain.argv = {"/bin/sh", "-c", kBusyLoop};
  const auto burned = cpu(run_process(plain));

  const std::string token = unique_token("daemon");
  fs::path logs = dir_ / "logs";
  fs::create_directories(logs);
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", daemon_script(logs, token)};
  // As a benchmark runs: its binary's directory read-only, its logs writable.
  spec.sandbox = SandboxSpec{{"/bin"}, {logs}};
  spec.timeout = 60s;
  ProcessResult r = run_process(spec);
  ASSERT_TRUE(r.sandboxed);
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_TRUE(fs::exists(logs / "burned"));
  EXPECT_EQ(r.leftover_processes, 2) << "the daemon and its sleep, counted by the sandbox's init";
  EXPECT_EQ(with_argument(token), std::vector<pid_t>{}) << "the daemon still runs after its run ended";
  EXPECT_GE(cpu(r), burned / 2) << "the daemon's CPU time (" << burned.count() << " us outside) is the run's";
}

TEST_F(Sandbox, ATestsCpuTimeCountsWithItsChildren) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", std::string("(") + kBusyLoop + ") & wait"};
  spec.sandbox = SandboxSpec{};
  ProcessResult r = run_process(spec);
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.leftover_processes, 0);
  EXPECT_GT(cpu(r), 20ms);
  EXPECT_GT(r.usage.max_rss_kib, 0);
}

TEST_F(Sandbox, TheProgramsExitStatusAndSignalComeThrough) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", "exit 3"};
  spec.sandbox = SandboxSpec{};
  EXPECT_EQ(run_process(spec).exit_code, 3);
  spec.argv = {"/bin/sh", "-c", "kill -SEGV $$"};
  ProcessResult r = run_process(spec);
  EXPECT_EQ(r.signal, SIGSEGV);
  EXPECT_FALSE(r.exit_code.has_value());
}

TEST_F(Sandbox, AProgramThatCannotRunIsNotStarted) {
  ProcessSpec spec;
  spec.argv = {"/nonexistent/program"};
  spec.sandbox = SandboxSpec{};
  ProcessResult r = run_process(spec);
  EXPECT_FALSE(r.started);
  EXPECT_NE(r.start_error.find("/nonexistent/program"), std::string::npos) << r.start_error;
}

TEST_F(Sandbox, RunsAsAnUnprivilegedUserWhenTheGraderIsRoot) {
  if (geteuid() != 0) GTEST_SKIP() << "the grader is not root here: the sandbox keeps its user";
  EXPECT_EQ(sandbox_support().why_root, "");
  fs::path logs = dir_ / "logs";
  fs::create_directories(logs);
  ProcessSpec spec;
  // Written from inside: the log directory is the sandbox user's to write.
  spec.argv = {"/bin/sh", "-c", "grep '^Uid:' /proc/self/status > " + (logs / "uid.txt").string()};
  spec.sandbox = SandboxSpec{{}, {logs}};
  ASSERT_EQ(run_process(spec).exit_code, 0);
  std::string line = read_file(logs / "uid.txt");
  ASSERT_EQ(line.rfind("Uid:", 0), 0u) << line;
  EXPECT_NE(std::stoi(line.substr(4)), 0) << line;
}

// A roster under a private directory (mktemp -d is 0700) must still grade:
// that run's sandbox keeps root (its PID namespace still confines it) and
// the grader says once how to get the unprivileged user back.
TEST_F(Sandbox, ADirectoryItsUserCannotReachRunsAsRootInstead) {
  if (geteuid() != 0 || !sandbox_support().plan.user) GTEST_SKIP() << "the sandbox keeps the grader's user here";
  fs::path closed = dir_ / "closed";
  fs::create_directories(closed / "inside");
  fs::permissions(closed, fs::perms::owner_all);
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", "id -u"};
  spec.stdout_file = dir_ / "uid.txt";
  spec.sandbox = SandboxSpec{{closed / "inside"}, {}};
  ProcessResult r = run_process(spec);
  ASSERT_TRUE(r.started) << r.start_error;
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(read_file(dir_ / "uid.txt"), "0\n");
}

// What run_process() will decide, known beforehand (the compile cache keeps
// a directory per user by it): the plan's user while it can reach every
// bound path, none as soon as one is closed to it, naming what is in the way.
TEST_F(Sandbox, TheUserOfASandboxIsKnownBeforeItRuns) {
  fs::path open_dir = dir_ / "open";
  fs::path closed = dir_ / "closed";
  fs::create_directories(open_dir);
  fs::create_directories(closed / "inside");
  fs::permissions(open_dir, fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(dir_, fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add);
  fs::permissions(closed, fs::perms::owner_all);
  SandboxPlan plan;
  plan.user = SandboxUser{54321, 54321};  // owns nothing here: only "others" bits count
  std::optional<SandboxUser> user = sandbox_user(SandboxSpec{{open_dir}, {}}, plan);
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->uid, 54321u);

  std::string blocked;
  fs::path needed;
  EXPECT_FALSE(sandbox_user(SandboxSpec{{open_dir}, {closed / "inside"}}, plan, &blocked, &needed).has_value());
  EXPECT_EQ(blocked, closed.string());
  EXPECT_EQ(needed, closed / "inside");

  EXPECT_FALSE(sandbox_user(SandboxSpec{{open_dir}, {}}, SandboxPlan{}).has_value()) << "a plan without a user";
}

TEST_F(Sandbox, OneSandboxCannotSignalAnother) {
  const std::string token = unique_token("victim");
  ProcessSpec victim;
  victim.argv = {"/bin/sh", "-c", "sleep 60; : " + token};
  victim.sandbox = SandboxSpec{};
  victim.timeout = 120s;
  ProcessResult victim_result;
  std::thread running([&] { victim_result = run_process(victim); });
  std::vector<pid_t> found;
  // Until the shell has forked its sleep (the child is a second "sh" until it execs).
  for (int i = 0; i < 500 && found.size() != 1; ++i) {
    std::this_thread::sleep_for(10ms);
    found = with_argument(token);
  }
  ASSERT_EQ(found.size(), 1u);
  const pid_t pid = found.front();

  ProcessSpec attacker;
  attacker.argv = {"/bin/sh", "-c", "kill -KILL " + std::to_string(pid) + " || kill -STOP -1 || true"};
  attacker.sandbox = SandboxSpec{};
  ASSERT_EQ(run_process(attacker).exit_code, 0);
  std::this_thread::sleep_for(50ms);
  std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  auto close = stat.rfind(')');
  ASSERT_NE(close, std::string::npos) << "the victim was killed from the other sandbox";
  EXPECT_EQ(stat[close + 2], 'S') << "the victim runs (sleeps) on: " << stat;

  kill(pid, SIGKILL);
  running.join();
  EXPECT_EQ(victim_result.signal, SIGKILL);
}

TEST_F(Sandbox, InheritedDescriptorsReachTheProgramButNotTheReportPipe) {
  // As the result channel hands its socket over: a descriptor without FD_CLOEXEC.
  int fd = open((dir_ / "inherited").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 3);
  ProcessSpec spec;
  spec.argv = {
      "/bin/sh", "-c",
      "echo through >&" + std::to_string(fd) + " && ! test -e /proc/self/fd/" + std::to_string(kSandboxReportFd)};
  spec.sandbox = SandboxSpec{};
  ProcessResult r = run_process(spec);
  close(fd);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(read_file(dir_ / "inherited"), "through\n");
}

TEST_F(Sandbox, AHungProgramCanBeSnapshotAndIsKilledWithEverythingItStarted) {
  const std::string token = unique_token("hung");
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", "setsid env -i /bin/sh -c 'sleep 300; : " + token + "' & sleep 300"};
  spec.sandbox = SandboxSpec{};
  spec.timeout = 500ms;
  std::string seen;
  spec.on_timeout = [&](pid_t pid) { seen = command_name(pid); };
  ProcessResult r = run_process(spec);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(seen, "sh");
  std::vector<pid_t> left = with_argument(token);
  for (int i = 0; i < 100 && !left.empty(); ++i) {
    std::this_thread::sleep_for(10ms);
    left = with_argument(token);
  }
  EXPECT_EQ(left, std::vector<pid_t>{});
}

TEST(SandboxReportLine, IsReadBackAsWritten) {
  auto r = parse_sandbox_report("course-sandbox-init 1 0 768 1500 20 3 4 2048 2\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->wait_status, 768);
  EXPECT_EQ(r->user_cpu_us, 1500);
  EXPECT_EQ(r->system_cpu_us, 20);
  EXPECT_EQ(r->max_rss_kib, 2048);
  EXPECT_EQ(r->leftover_processes, 2);
  EXPECT_FALSE(parse_sandbox_report(""));
  EXPECT_FALSE(parse_sandbox_report("course-sandbox-init 2 0 0 0 0 0 0 0 0\n"));
  EXPECT_FALSE(parse_sandbox_report("course-sandbox-init 1 0 0"));
}

}  // namespace
}  // namespace grader
