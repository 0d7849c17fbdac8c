#include "subprocess.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include <gtest/gtest.h>

#include "test_support.h"
#include "text_files.h"

namespace grader {
namespace {

namespace fs = std::filesystem;

ProcessResult sh(const std::string& script, std::chrono::milliseconds timeout = std::chrono::milliseconds(0),
                 const fs::path& out = {}) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", script};
  spec.timeout = timeout;
  spec.stdout_file = out;
  return run_process(spec);
}

TEST(Subprocess, ReportsTheExitCode) {
  ProcessResult r = sh("exit 3");
  ASSERT_TRUE(r.started);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_FALSE(r.signal.has_value());
  EXPECT_FALSE(r.timed_out);
}

TEST(Subprocess, ReportsTheKillingSignal) {
  ProcessResult r = sh("kill -SEGV $$");
  EXPECT_EQ(r.signal, SIGSEGV);
  EXPECT_FALSE(r.exit_code.has_value());
  EXPECT_NE(describe_signal(SIGSEGV).find("segmentation fault"), std::string::npos);
}

TEST(Subprocess, MeasuresTheChildsCpuTime) {
  ProcessResult r = sh("i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_GT(r.usage.user_cpu.count() + r.usage.system_cpu.count(), 0);
  EXPECT_GT(r.usage.max_rss_kib, 0);
}

TEST(Subprocess, SendsStdoutAndStderrToTheFile) {
  ScratchDir scratch("grader_subprocess_test");
  fs::path out = scratch / "out.txt";
  sh("echo to-stdout; echo to-stderr >&2", {}, out);
  std::string text = read_file(out);
  EXPECT_NE(text.find("to-stdout"), std::string::npos);
  EXPECT_NE(text.find("to-stderr"), std::string::npos);
}

TEST(Subprocess, AProgramThatCannotRunIsNotStarted) {
  ProcessSpec spec;
  spec.argv = {"/nonexistent/program"};
  ProcessResult r = run_process(spec);
  EXPECT_FALSE(r.started);
  EXPECT_NE(r.start_error.find("/nonexistent/program"), std::string::npos);
}

TEST(Subprocess, KillsAHungChildAndEverythingItStartedAfterTheTimeout) {
  ScratchDir scratch("grader_subprocess_test");
  fs::path pid_file = scratch / "grandchild.pid";
  bool snapshot_taken = false;
  ProcessSpec spec;
  // The grandchild ignores SIGTERM and outlives its parent's wait.
  spec.argv = {"/bin/sh", "-c",
               "trap '' TERM; (trap '' TERM; sleep 1000) & echo $! > " + pid_file.string() + "; sleep 1000"};
  spec.timeout = std::chrono::milliseconds(300);
  spec.on_timeout = [&](pid_t pid) { snapshot_taken = pid > 0 && kill(pid, 0) == 0; };
  ProcessResult r = run_process(spec);
  EXPECT_TRUE(r.timed_out);
  EXPECT_TRUE(snapshot_taken) << "on_timeout runs while the child is still alive";
  EXPECT_EQ(r.signal, SIGKILL);
  pid_t grandchild = std::stoi(read_file(pid_file));
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    gone = kill(grandchild, 0) != 0 ||
           read_file("/proc/" + std::to_string(grandchild) + "/stat").find(" Z ") != std::string::npos;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(gone) << "the grandchild " << grandchild << " survived";
}

// passing_together()'s watchdog: stop_now ends the child as a timeout
// would. The child has no timeout at all, so only stop_now can end it.
TEST(Subprocess, StopNowEndsTheChildAsItsTimeoutWould) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", "sleep 1000"};
  int asked = 0;
  spec.stop_now = [&] { return ++asked == 50; };
  bool snapshot_taken = false;
  spec.on_timeout = [&](pid_t pid) { snapshot_taken = pid > 0 && kill(pid, 0) == 0; };
  ProcessResult r = run_process(spec);
  EXPECT_TRUE(r.timed_out);
  EXPECT_TRUE(snapshot_taken);
  EXPECT_EQ(r.signal, SIGKILL);
  EXPECT_EQ(asked, 50) << "asked until it said stop, then no more";
}

TEST(Subprocess, CanTurnOffAddressRandomisation) {
  ScratchDir scratch("grader_subprocess_test");
  fs::path out = scratch / "personality.txt";
  ProcessSpec spec;
  spec.argv = {"cat", "/proc/self/personality"};
  spec.stdout_file = out;
  spec.disable_aslr = true;
  ASSERT_EQ(run_process(spec).exit_code, 0);
  unsigned long persona = std::stoul(read_file(out), nullptr, 16);
  EXPECT_NE(persona & 0x0040000, 0u) << "ADDR_NO_RANDOMIZE is set";
}

TEST(Subprocess, CanPinTheChildToOneCpu) {
  ScratchDir scratch("grader_subprocess_test");
  cpu_set_t mine;
  ASSERT_EQ(sched_getaffinity(0, sizeof mine, &mine), 0);
  int first = 0;
  while (!CPU_ISSET(first, &mine)) ++first;
  fs::path out = scratch / "nproc.txt";
  ProcessSpec spec;
  spec.argv = {"nproc"};
  spec.stdout_file = out;
  spec.cpus = {first};
  ASSERT_EQ(run_process(spec).exit_code, 0);
  EXPECT_EQ(std::stoi(read_file(out)), 1);
}

TEST(Subprocess, CapsTheOutputFileSize) {
  ScratchDir scratch("grader_subprocess_test");
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", "head -c 1000000 /dev/zero"};
  spec.stdout_file = scratch / "flood.txt";
  spec.max_file_bytes = 4096;
  ProcessResult r = run_process(spec);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_LE(fs::file_size(spec.stdout_file), 4096u);
}

TEST(Subprocess, AnOutputFileIsNewNeverALinkFollowed) {
  ScratchDir scratch("grader_subprocess_test");
  fs::path target = scratch / "precious.txt";
  {
    std::FILE* f = std::fopen(target.c_str(), "w");
    std::fputs("keep me", f);
    std::fclose(f);
  }
  fs::path out = scratch / "planted_link.txt";
  fs::remove(out);
  fs::create_symlink(target, out);
  ASSERT_EQ(sh("echo overwritten", {}, out).exit_code, 0);
  EXPECT_EQ(read_file(target), "keep me");
  EXPECT_FALSE(fs::is_symlink(out));
  EXPECT_EQ(read_file(out), "overwritten\n");
}

TEST(Subprocess, AFifoPlantedAsTheOutputFileDoesNotBlock) {
  ScratchDir scratch("grader_subprocess_test");
  fs::path out = scratch / "planted_fifo.txt";
  fs::remove(out);
  ASSERT_EQ(mkfifo(out.c_str(), 0644), 0);
  ASSERT_EQ(sh("echo written", {}, out).exit_code, 0);
  EXPECT_TRUE(fs::is_regular_file(out));
  EXPECT_EQ(read_file(out), "written\n");
}

TEST(Subprocess, ADirectoryWhereTheOutputGoesIsAnError) {
  ScratchDir scratch("grader_subprocess_test");
  fs::path out = scratch / "planted_dir";
  fs::create_directories(out / "inside");
  ProcessResult r = sh("echo never", {}, out);
  EXPECT_FALSE(r.started);
  EXPECT_NE(r.start_error.find("output"), std::string::npos) << r.start_error;
}

// True while a process with this pid runs (not a zombie).
bool running(pid_t pid) {
  std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat", 4096);
  auto close = stat.rfind(')');
  return close != std::string::npos && stat.size() > close + 2 && stat[close + 2] != 'Z';
}

TEST(Subprocess, KillsAndCountsADaemonThatLeftTheProcessGroup) {
  ScratchDir scratch("grader_subprocess_test");
  fs::path pid_file = scratch / "daemon.pid";
  // A double fork into a new session: neither the child's group nor its
  // tree holds the daemon any more.
  ProcessResult r = sh("setsid sh -c 'sleep 300 & echo $! > " + pid_file.string() +
                       "' &"
                       " sleep 0.3; exit 0");
  ASSERT_TRUE(r.started);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_GE(r.leftover_processes, 1);
  pid_t daemon = std::stoi(read_file(pid_file));
  for (int i = 0; i < 100 && running(daemon); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_FALSE(running(daemon));
}

// sbatch's job: started out of the client's tree, with its environment.
TEST(Subprocess, LeavesAClientsWorkRunningWhenToldTo) {
  ScratchDir scratch("grader_subprocess_test");
  fs::path pid_file = scratch / "job.pid";
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", "setsid sh -c 'sleep 300 & echo $! > " + pid_file.string() + "' & sleep 0.3"};
  spec.leaves_work_running = true;
  ProcessResult r = run_process(spec);
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.leftover_processes, 0);
  pid_t job = std::stoi(read_file(pid_file));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // longer than the watch looks for leftovers
  EXPECT_TRUE(running(job));
  kill(job, SIGKILL);
}

TEST(Subprocess, AChildThatEndsCleanlyLeavesNothingOver) {
  ProcessResult r = sh("sleep 0.1 & wait");
  EXPECT_EQ(r.leftover_processes, 0);
}

TEST(Subprocess, StopsAChildThatStartsTooManyProcesses) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", "for i in $(seq 40); do sleep 30 & done; wait"};
  spec.timeout = std::chrono::seconds(20);
  spec.max_processes = 10;
  ProcessResult r = run_process(spec);
  EXPECT_EQ(r.limit_exceeded, "processes");
  EXPECT_FALSE(r.timed_out);
  EXPECT_LT(r.wall, std::chrono::seconds(10));
}

TEST(Subprocess, StopsAChildThatUsesTooMuchMemory) {
  ProcessSpec spec;
  // About 200 MB held in a shell variable.
  spec.argv = {"/bin/sh", "-c", "x=$(head -c 200000000 /dev/zero | tr '\\0' a); sleep 30"};
  spec.timeout = std::chrono::seconds(20);
  spec.max_memory_kib = 50 * 1024;
  ProcessResult r = run_process(spec);
  EXPECT_EQ(r.limit_exceeded, "memory");
  EXPECT_GT(r.peak_memory_kib, 50 * 1024);
}

TEST(Subprocess, TheSandboxShowsOnlyWhatItIsGiven) {
  ScratchDir scratch("grader_subprocess_test");
  if (!sandbox_support().available) GTEST_SKIP() << "no sandbox here: " << sandbox_support().why_not;
  fs::path visible = scratch / "visible";
  fs::path hidden = scratch / "hidden";
  fs::create_directories(visible);
  fs::create_directories(hidden);
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c",
               "test -d " + visible.string() + " && ! test -e " + hidden.string() + " && touch " + visible.string() +
                   "/written"};
  spec.sandbox = SandboxSpec{{}, {visible}};
  ProcessResult r = run_process(spec);
  EXPECT_TRUE(r.sandboxed);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(fs::exists(visible / "written"));
}

TEST(Subprocess, TheSandboxHasNoNetwork) {
  if (!sandbox_support().available) GTEST_SKIP() << "no sandbox here: " << sandbox_support().why_not;
  ProcessSpec spec;
  // Only the sandbox's own loopback exists: no interface but "lo".
  spec.argv = {"/bin/sh", "-c", "test \"$(ls /sys/class/net 2>/dev/null | grep -v '^lo$')\" = ''"};
  spec.sandbox = SandboxSpec{};
  ProcessResult r = run_process(spec);
  EXPECT_EQ(r.exit_code, 0);
}

TEST(Subprocess, ASandboxStillCountsTheProgramsCpuTime) {
  if (!sandbox_support().available) GTEST_SKIP() << "no sandbox here: " << sandbox_support().why_not;
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done"};
  spec.sandbox = SandboxSpec{};
  ProcessResult r = run_process(spec);
  EXPECT_TRUE(r.sandboxed);
  EXPECT_GT(r.usage.user_cpu + r.usage.system_cpu, std::chrono::milliseconds(50));
}

TEST(Subprocess, TheSnapshotOfASandboxedProgramIsOfTheProgram) {
  if (!sandbox_support().available) GTEST_SKIP() << "no sandbox here: " << sandbox_support().why_not;
  ProcessSpec spec;
  spec.argv = {"/bin/sleep", "30"};
  spec.sandbox = SandboxSpec{};
  spec.timeout = std::chrono::milliseconds(500);
  std::string seen;
  spec.on_timeout = [&](pid_t pid) {
    std::string comm = read_file("/proc/" + std::to_string(pid) + "/comm");
    seen = comm.substr(0, comm.find('\n'));
  };
  ProcessResult r = run_process(spec);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(seen, "sleep");
}

ProcessSpec tool(const std::string& script, const fs::path& log) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", script};
  spec.stdout_file = log;
  return spec;
}

TEST(RunTool, ReturnsTheStatusAndWhatTheToolSaid) {
  ScratchDir scratch("grader_run_tool_test");
  ToolRun run = run_tool(tool("echo made it; echo and warned >&2", scratch / "tool.log"));
  ASSERT_TRUE(run.process.started);
  EXPECT_EQ(run.process.exit_code, 0);
  EXPECT_EQ(run.log, "made it\nand warned\n");
  EXPECT_EQ(run.missing, "");
  EXPECT_TRUE(fs::exists(scratch / "tool.log")) << "the log stays unless asked to go";
}

TEST(RunTool, AFailingToolKeepsItsStatusAndItsLog) {
  ScratchDir scratch("grader_run_tool_test");
  ToolRun run = run_tool(tool("echo 'no such section' >&2; exit 4", scratch / "tool.log"), {.remove_log = true});
  EXPECT_EQ(run.process.exit_code, 4);
  EXPECT_EQ(run.log, "no such section\n");
  EXPECT_EQ(run.missing, "") << "it did start";
  EXPECT_FALSE(fs::exists(scratch / "tool.log")) << "remove_log: read, then removed";
}

TEST(RunTool, KeepsStandardErrorApartWhenItHasAFileOfItsOwn) {
  ScratchDir scratch("grader_run_tool_test");
  ProcessSpec spec = tool("echo queued 42; echo 'Invalid account' >&2; exit 1", scratch / "sbatch.out");
  spec.stderr_file = scratch / "sbatch.err";
  ToolRun run = run_tool(spec);
  EXPECT_EQ(run.log, "queued 42\n");
  EXPECT_EQ(run.errors, "Invalid account\n");
}

TEST(RunTool, AMissingToolIsSaidWithTheCallersHint) {
  ProcessSpec spec;
  spec.argv = {"/nonexistent/gnuplot", "summary.gp"};
  ToolRun run = run_tool(spec, {.hint = ": apt-get install gnuplot"});
  EXPECT_FALSE(run.process.started);
  EXPECT_EQ(run.missing, "cannot run /nonexistent/gnuplot: No such file or directory: apt-get install gnuplot");
  EXPECT_EQ(run.log, "");
}

TEST(RunTool, ReadsAtMostTheBoundOfItsLog) {
  ScratchDir scratch("grader_run_tool_test");
  ToolRun run = run_tool(tool("yes 0123456789 | head -c 100000", scratch / "tool.log"), {.max_log_bytes = 1000});
  EXPECT_EQ(run.process.exit_code, 0);
  EXPECT_EQ(run.log.size(), 1000u);
  EXPECT_EQ(run.log.substr(0, 11), "0123456789\n");
}

// A tool run in a sandbox has its log's directory writable: what it put in
// the log's place is not followed.
TEST(RunTool, ALogReplacedByALinkIsNotFollowed) {
  ScratchDir scratch("grader_run_tool_test");
  write_file(scratch / "secret", "the grader's secret");
  const fs::path log = scratch / "tool.log";
  ToolRun run =
      run_tool(tool("rm " + log.string() + " && ln -s " + (scratch / "secret").string() + " " + log.string(), log));
  EXPECT_EQ(run.process.exit_code, 0);
  EXPECT_EQ(run.log, "");
}

// Not a check: what a sandboxed start costs, for the record (run with
// --gtest_also_run_disabled_tests --gtest_filter='*StartCost*').
TEST(Subprocess, DISABLED_StartCost) {
  for (bool sandboxed : {true, false}) {
    ProcessSpec spec;
    spec.argv = {"/bin/true"};
    if (sandboxed) spec.sandbox = SandboxSpec{};
    run_process(spec);
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 20; ++i) run_process(spec);
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() / 20;
    std::printf("sandboxed=%d: %.2f ms per start\n", sandboxed, ms);
  }
}

}  // namespace
}  // namespace grader
