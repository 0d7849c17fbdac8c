#include "test_process.h"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string_view>

#include "compiled_sources.h"
#include "process_limits.h"
#include "result_channel.h"
#include "stack_lines.h"
#include "subprocess.h"
#include "text_files.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

constexpr unsigned long kMaxOutputBytes = 16ul << 20;
constexpr int kTsanExitCode = 66;
constexpr const char* kNotImplemented = "not implemented:";

std::string tsan_options(const fs::path& scratch) {
  return "log_path=" + (scratch / "tsan").string() + ":exitcode=" + std::to_string(kTsanExitCode) +
         ":halt_on_error=0:second_deadlock_stack=1:handle_abort=1";
}

// At most `max_bytes` of `path` when it is a regular file; nullopt when it
// is anything else (a link, a FIFO, a device the test planted) or cannot be
// opened. Never follows a link and never blocks.
std::optional<std::string> read_regular_file(const fs::path& path, std::size_t max_bytes) {
  int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return std::nullopt;
  }
  std::string text;
  char buffer[1 << 16];
  for (ssize_t n; text.size() < max_bytes && (n = read(fd, buffer, sizeof buffer)) > 0;)
    text.append(buffer, std::min<std::size_t>(static_cast<std::size_t>(n), max_bytes - text.size()));
  close(fd);
  return text;
}

// The student's directory, where the build compiled their files at
// /submission (compiled_sources.h): what the reports' paths are mapped to.
fs::path students_dir(const TestRun& run) {
  return run.source_dirs.empty() ? fs::path() : fs::path(run.source_dirs.front());
}

std::vector<TsanReport> read_tsan_logs(const fs::path& scratch, const fs::path& sources_dir) {
  std::vector<TsanReport> reports;
  std::error_code error;
  for (fs::directory_iterator it(scratch, error), end; !error && it != end; it.increment(error)) {
    if (it->path().filename().string().rfind("tsan.", 0) != 0) continue;
    std::optional<std::string> text = read_regular_file(it->path(), 16 << 20);
    if (!text) continue;
    for (auto& report : parse_tsan_log(student_paths(*text, sources_dir))) reports.push_back(std::move(report));
  }
  return reports;
}

// A report ThreadSanitizer prints for a deadly signal ("SEGV on unknown address").
bool is_deadly_signal(const TsanReport& report) {
  for (const char* kind : {"SEGV", "ABRT", "BUS", "FPE", "ILL"})
    if (report.kind.rfind(kind, 0) == 0) return true;
  return false;
}

const TsanReport* deadly_signal_report(const std::vector<TsanReport>& reports) {
  for (const auto& r : reports)
    if (is_deadly_signal(r)) return &r;
  return nullptr;
}

// The last few lines of what the test printed: where "terminate called
// after throwing ..." and similar last words are.
std::string last_lines(const std::string& text, int count) {
  std::size_t pos = text.size();
  while (pos > 0 && count > 0) {
    pos = text.rfind('\n', pos - 1);
    if (pos == std::string::npos) {
      pos = 0;
      break;
    }
    --count;
  }
  std::string tail = text.substr(pos == 0 ? 0 : pos + 1);
  if (tail.size() > 2000) tail = "..." + tail.substr(tail.size() - 2000);
  return tail;
}

void explain_crash(TestOutcome& outcome, const ProcessResult& process, const std::string& output,
                   const std::vector<std::string>& source_dirs) {
  outcome.status = TestStatus::kCrashed;
  if (const TsanReport* report = deadly_signal_report(outcome.tsan_reports)) {
    outcome.detail = "the test process crashed: " + report->kind;
    for (const auto& dir : source_dirs) {
      if (report->sections.empty() || !outcome.file.empty()) break;
      if (const Frame* f = first_frame_in(report->sections.front().frames, {dir})) {
        outcome.file = f->file;
        outcome.line = f->line;
        outcome.detail += " in " + short_function(f->function);
      }
    }
  } else {
    outcome.detail = "the test process was killed by " + describe_signal(*process.signal);
  }
  std::string tail = last_lines(output, 4);
  if (!tail.empty()) outcome.detail += "\nIts last output:\n" + tail;
  if (output.find(kNotImplemented) != std::string::npos) outcome.status = TestStatus::kNotImplemented;
}

// `ran_none`: the harness said it reached the end having run no test.
void explain_early_exit(TestOutcome& outcome, const ProcessResult& process, const std::string& output, bool ran_none) {
  outcome.status = TestStatus::kExitedEarly;
  if (ran_none && process.exit_code == 0) {
    outcome.status = TestStatus::kMissing;
    outcome.detail = "the test binary has no test named " + outcome.name + " (a course error: tell your instructor)";
    return;
  }
  outcome.detail = "the test process exited with status " + std::to_string(*process.exit_code) +
                   " before the test finished: something called exit(), quick_exit() or "
                   "returned from a thread in a way that ended the program";
  std::string tail = last_lines(output, 4);
  if (!tail.empty()) outcome.detail += "\nIts last output:\n" + tail;
  if (output.find(kNotImplemented) != std::string::npos) outcome.status = TestStatus::kNotImplemented;
}

void clear_directory(const fs::path& dir) {
  std::error_code ignored;
  fs::remove_all(dir, ignored);
  fs::create_directories(dir);
}

// Problems ThreadSanitizer reported that no readable report shows: counted
// on the channel (the harness's __tsan::OnReport), or its exit status,
// while the logs hold none. The test removed them or made them unreadable;
// the race-free check fails all the same (scoring.cpp).
void add_unreadable_reports(TestOutcome& outcome, int reported, const ProcessResult& process) {
  for (const auto& r : outcome.tsan_reports)
    if (!is_deadly_signal(r)) return;
  if (reported > 0) {
    outcome.tsan_reports.push_back(
        {kUnreadableTsanReport,
         {},
         fmt::format("ThreadSanitizer reported {} problem(s) but its report file was removed or unreadable",
                     reported)});
  } else if (process.exit_code == kTsanExitCode) {
    outcome.tsan_reports.push_back(
        {kUnreadableTsanReport,
         {},
         fmt::format("the test ended with ThreadSanitizer's status {} (it found problems) but its report file was "
                     "removed or unreadable",
                     kTsanExitCode)});
  }
}

// What the program sent, one record a line, for whoever reads the artifacts.
void keep_messages(const fs::path& artifacts, const std::vector<std::string>& messages) {
  std::ofstream out(artifacts / "channel.txt");
  for (const auto& m : messages) {
    for (char c : m) out << (c == '\n' ? ' ' : c);
    out << '\n';
  }
}

// --gtest_list_tests prints each suite as a line "Suite." followed by its
// tests; a program that ends early with status 0 prints none.
bool lists_tests(const std::string& output) {
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line))
    if (line.size() > 1 && line.back() == '.' && line.front() != ' ') return true;
  return false;
}

std::string timed_out_detail(std::chrono::seconds limit) {
  return "did not finish within " + std::to_string(limit.count()) +
         " s and was stopped (a deadlock, a lost wakeup, or a loop that never ends)";
}

// What passing_together() watches a run with: each record as it arrives,
// and whether to stop the process now (ProcessSpec::stop_now).
struct Watch {
  std::function<void(const std::string&)> on_record;
  std::function<bool()> stop_now;
};

// Starts the test binary with `args` under ThreadSanitizer's options,
// collecting its reports (and its stacks on a timeout) into `outcome` and
// what it sent on the channel into `messages`.
ProcessResult launch(const TestRun& run, std::vector<std::string> args, TestOutcome& outcome,
                     std::vector<std::string>& messages, const Watch& watch = {}) {
  outcome.name = run.name;
  outcome.artifacts = run.artifacts;
  outcome.timeout = run.timeout;
  clear_directory(run.artifacts);
  const fs::path scratch = run.artifacts / kScratchDir;
  fs::create_directories(scratch);
  ResultChannel channel(run.noise_seed);
  channel.watch(watch.on_record);
  ProcessSpec spec;
  spec.argv = {run.binary.string()};
  for (auto& a : args) spec.argv.push_back(std::move(a));
  spec.env = {{"TSAN_OPTIONS", tsan_options(scratch)},
              {"TEST_PREMATURE_EXIT_FILE", (scratch / "premature_exit").string()}};
  channel.hand_over(spec);
  spec.stop_now = watch.stop_now;
  // Opened by the grader before the start, in a directory the test cannot see.
  spec.stdout_file = run.artifacts / "output.txt";
  spec.timeout = run.timeout;
  spec.disable_aslr = true;
  spec.max_file_bytes = kMaxOutputBytes;
  spec.max_memory_kib = kTestLimits.memory_kib;
  spec.max_processes = kTestLimits.processes;
  // The test sees its own binary and writes only its scratch directory.
  spec.sandbox = SandboxSpec{{run.binary.parent_path()}, {scratch}};
  spec.on_timeout = [&](pid_t pid) {
    outcome.stacks =
        parse_gdb_backtraces(student_paths(dump_stacks(pid, run.artifacts / "stacks.txt"), students_dir(run)));
    // While the process lives: its maps place gdb's addresses in the binary.
    relocate_frames(outcome.stacks, pid, run.binary, run.source_dirs, students_dir(run));
  };
  ProcessResult process = run_process(spec);
  messages = channel.finish();
  keep_messages(run.artifacts, messages);
  outcome.wall = process.wall;
  if (!process.started) {
    outcome.detail = process.start_error;
    return process;
  }
  if (!channel.problem().empty()) outcome.detail = channel.problem();
  outcome.tsan_reports = read_tsan_logs(scratch, students_dir(run));
  add_unreadable_reports(outcome, tsan_report_count(messages), process);
  if (!process.limit_exceeded.empty()) {
    outcome.status = TestStatus::kCrashed;
    outcome.detail =
        process.limit_exceeded == "memory"
            ? fmt::format("used more than {} MB of memory (all its processes together) and was stopped: a leak, "
                          "or a queue or buffer that grows without bound?",
                          kTestLimits.memory_kib / 1024)
            : fmt::format("had more than {} processes running at once and was stopped: fork() in a loop?",
                          kTestLimits.processes);
  } else if (process.timed_out) {
    outcome.status = TestStatus::kTimedOut;
    outcome.detail = timed_out_detail(run.timeout);
  }
  return process;
}

}  // namespace

TestOutcome run_test(const TestRun& run) {
  TestOutcome outcome;
  std::vector<std::string> messages;
  ProcessResult process = launch(run, {"--gtest_filter=" + run.name, "--gtest_color=no"}, outcome, messages);
  if (!process.started || process.timed_out || !process.limit_exceeded.empty()) return outcome;

  std::string output = student_paths(read_file(run.artifacts / "output.txt"), students_dir(run));
  // The verdict and its failures only from the channel: nothing the
  // program writes (GoogleTest's JSON, its output) is believed.
  std::optional<ChannelVerdict> verdict = find_verdict(messages, run.name);
  bool ended_cleanly = process.exit_code == 0 || process.exit_code == 1 || process.exit_code == kTsanExitCode;
  if (verdict && ended_cleanly && !deadly_signal_report(outcome.tsan_reports)) {
    outcome.status = verdict->verdict == "passed" ? TestStatus::kPassed : TestStatus::kFailed;
    outcome.detail = verdict->message;
    if (verdict->verdict == "skipped") outcome.detail = "the test was skipped (GTEST_SKIP) and earns no points";
    if (outcome.detail.find(kNotImplemented) != std::string::npos) outcome.status = TestStatus::kNotImplemented;
    outcome.file = verdict->file;
    outcome.line = verdict->line;
  } else if (process.signal || deadly_signal_report(outcome.tsan_reports)) {
    explain_crash(outcome, process, output, run.source_dirs);
  } else {
    explain_early_exit(outcome, process, output, tests_run(messages) == 0);
  }
  if (outcome.status == TestStatus::kPassed && process.leftover_processes > 0) {
    outcome.status = TestStatus::kFailed;
    outcome.detail = fmt::format(
        "left {} process(es) running after the test ended (started with fork() or system() and never waited "
        "for); the grader killed them. A test must end everything it starts.",
        process.leftover_processes);
  }
  return outcome;
}

TogetherResult passing_together(const TestRun& run, const std::vector<TestLimit>& tests) {
  TogetherResult result;
  if (tests.empty()) return result;
  std::string filter;
  for (const auto& test : tests) filter += (filter.empty() ? "" : ":") + test.name;
  // The test running now, from its "start" record, and when the grader saw
  // it: past its own limit, the process is stopped there.
  struct Running {
    std::mutex mutex;
    const TestLimit* test = nullptr;
    std::chrono::steady_clock::time_point since;
    const TestLimit* stopped_in = nullptr;
  } running;
  Watch watch;
  watch.on_record = [&](const std::string& record) {
    constexpr std::string_view kStart = "start\t";
    std::lock_guard lock(running.mutex);
    if (record.compare(0, kStart.size(), kStart) == 0) {
      std::string name = unescape_field(record.substr(kStart.size()));
      running.test = nullptr;
      for (const auto& test : tests)
        if (test.name == name) running.test = &test;
      running.since = std::chrono::steady_clock::now();
    } else if (record.rfind("result\t", 0) == 0 || record.rfind("end\t", 0) == 0) {
      running.test = nullptr;  // between tests
    }
  };
  watch.stop_now = [&] {
    std::lock_guard lock(running.mutex);
    if (running.test == nullptr || std::chrono::steady_clock::now() - running.since <= running.test->limit)
      return false;
    running.stopped_in = running.test;
    return true;
  };
  TestOutcome outcome;
  std::vector<std::string> messages;
  ProcessResult process = launch(run, {"--gtest_filter=" + filter, "--gtest_color=no"}, outcome, messages, watch);
  if (running.stopped_in != nullptr && process.timed_out) {
    outcome.name = running.stopped_in->name;
    outcome.timeout = running.stopped_in->limit;
    outcome.detail = timed_out_detail(running.stopped_in->limit);
    result.hung = std::move(outcome);
    return result;
  }
  bool ended_by_itself = process.started && !process.timed_out && process.limit_exceeded.empty() && !process.signal &&
                         process.leftover_processes == 0 && (process.exit_code == 0 || process.exit_code == 1) &&
                         !deadly_signal_report(outcome.tsan_reports);
  if (!ended_by_itself) return result;
  for (const auto& test : tests)
    if (auto verdict = find_verdict(messages, test.name); verdict && verdict->verdict == "passed")
      result.passed.push_back(test.name);
  return result;
}

TestOutcome probe_startup(const TestRun& run) {
  TestOutcome outcome;
  std::vector<std::string> messages;
  ProcessResult process = launch(run, {"--gtest_list_tests"}, outcome, messages);
  if (!process.started || process.timed_out || !process.limit_exceeded.empty()) return outcome;
  std::string output = student_paths(read_file(run.artifacts / "output.txt"), students_dir(run));
  if (process.exit_code == 0 && !deadly_signal_report(outcome.tsan_reports) && lists_tests(output)) {
    outcome.status = TestStatus::kPassed;
  } else if (process.signal || deadly_signal_report(outcome.tsan_reports)) {
    explain_crash(outcome, process, output, run.source_dirs);
  } else {
    explain_early_exit(outcome, process, output, /*ran_none=*/false);
  }
  return outcome;
}

}  // namespace grader
