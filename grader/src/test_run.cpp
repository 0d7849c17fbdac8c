#include "test_run.h"

#include <fmt/format.h>

#include <csignal>
#include <sstream>

#include "gtest_result.h"
#include "result_channel.h"
#include "subprocess.h"
#include "text_files.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

constexpr unsigned long kMaxOutputBytes = 16ul << 20;
// ThreadSanitizer's shadow memory makes a test need several times what it
// needs without; the course's tests need under 300 MB.
constexpr long kMaxMemoryKib = 2l << 20;
// A test needs one process; gdb and the symbolizer are started by others.
constexpr int kMaxProcesses = 32;
constexpr int kTsanExitCode = 66;
constexpr const char* kNotImplemented = "not implemented:";

std::string tsan_options(const fs::path& artifacts) {
  return "log_path=" + (artifacts / "tsan").string() + ":exitcode=" + std::to_string(kTsanExitCode) +
         ":halt_on_error=0:second_deadlock_stack=1:handle_abort=1";
}

std::vector<TsanReport> read_tsan_logs(const fs::path& artifacts) {
  std::vector<TsanReport> reports;
  for (const auto& entry : fs::directory_iterator(artifacts)) {
    if (entry.path().filename().string().rfind("tsan.", 0) != 0) continue;
    for (auto& report : parse_tsan_log(read_file(entry.path()))) reports.push_back(std::move(report));
  }
  return reports;
}

// A report ThreadSanitizer prints for a deadly signal ("SEGV on unknown address").
const TsanReport* deadly_signal_report(const std::vector<TsanReport>& reports) {
  for (const auto& r : reports)
    for (const char* kind : {"SEGV", "ABRT", "BUS", "FPE", "ILL"})
      if (r.kind.rfind(kind, 0) == 0) return &r;
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

void explain_early_exit(TestOutcome& outcome, const ProcessResult& process, const std::string& output,
                        bool json_written) {
  outcome.status = TestStatus::kExitedEarly;
  if (json_written && process.exit_code == 0) {
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

// "passed" or "failed" from the channel's line for `test`; "" when the
// program never reported it with the right token.
std::string channel_verdict(const ResultChannel& channel, const std::string& test) {
  for (const std::string& message : channel_messages(channel, 1 << 20)) {
    std::istringstream words(message);
    std::string verdict, name;
    if (words >> verdict >> name && name == test) return verdict;
  }
  return "";
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

// Starts the test binary with `args` under ThreadSanitizer's options,
// collecting its reports (and its stacks on a timeout) into `outcome`.
ProcessResult launch(const TestRun& run, std::vector<std::string> args, TestOutcome& outcome,
                     const ResultChannel& channel = {}) {
  outcome.name = run.name;
  outcome.artifacts = run.artifacts;
  outcome.timeout = run.timeout;
  clear_directory(run.artifacts);
  ProcessSpec spec;
  spec.argv = {run.binary.string()};
  for (auto& a : args) spec.argv.push_back(std::move(a));
  spec.env = {{"TSAN_OPTIONS", tsan_options(run.artifacts)},
              {"TEST_PREMATURE_EXIT_FILE", (run.artifacts / "premature_exit").string()}};
  spec.env.insert(run.env.begin(), run.env.end());
  if (!channel.token.empty()) hand_over(channel, spec.env);
  spec.stdout_file = run.artifacts / "output.txt";
  spec.timeout = run.timeout;
  spec.disable_aslr = true;
  spec.max_file_bytes = kMaxOutputBytes;
  spec.max_memory_kib = kMaxMemoryKib;
  spec.max_processes = kMaxProcesses;
  // The test sees its own binary and writes only its logs.
  spec.sandbox = SandboxSpec{{run.binary.parent_path()}, {run.artifacts}};
  spec.on_timeout = [&](pid_t pid) {
    outcome.stacks = parse_gdb_backtraces(dump_stacks(pid, run.artifacts / "stacks.txt"));
  };
  ProcessResult process = run_process(spec);
  outcome.wall = process.wall;
  if (!process.started) {
    outcome.detail = process.start_error;
    return process;
  }
  outcome.tsan_reports = read_tsan_logs(run.artifacts);
  if (!process.limit_exceeded.empty()) {
    outcome.status = TestStatus::kCrashed;
    outcome.detail = process.limit_exceeded == "memory"
        ? fmt::format("used more than {} MB of memory (all its processes together) and was stopped: a leak, "
                      "or a queue or buffer that grows without bound?", kMaxMemoryKib / 1024)
        : fmt::format("had more than {} processes running at once and was stopped: fork() in a loop?",
                      kMaxProcesses);
  } else if (process.timed_out) {
    outcome.status = TestStatus::kTimedOut;
    outcome.detail = "did not finish within " + std::to_string(run.timeout.count()) +
                     " s and was stopped (a deadlock, a lost wakeup, or a loop that never ends)";
  }
  return process;
}

}  // namespace

TestOutcome run_test(const TestRun& run) {
  TestOutcome outcome;
  const fs::path result_file = run.artifacts / "result.json";
  const ResultChannel channel = new_result_channel(run.artifacts / "verdicts");
  ProcessResult process = launch(run, {"--gtest_filter=" + run.name, "--gtest_output=json:" + result_file.string(),
                                       "--gtest_color=no"}, outcome, channel);
  if (!process.started || process.timed_out || !process.limit_exceeded.empty()) return outcome;

  std::string output = read_file(run.artifacts / "output.txt");
  std::string json = read_file(result_file);
  auto result = read_gtest_result(json, run.name);
  bool ended_cleanly = process.exit_code == 0 || process.exit_code == 1 || process.exit_code == kTsanExitCode;
  if (result && ended_cleanly && !deadly_signal_report(outcome.tsan_reports)) {
    outcome.status = result->passed ? TestStatus::kPassed : TestStatus::kFailed;
    if (result->failure.find(kNotImplemented) != std::string::npos) outcome.status = TestStatus::kNotImplemented;
    outcome.detail = result->failure;
    outcome.file = result->file;
    outcome.line = result->line;
    // The JSON file is the program's to write; only the channel is the grader's.
    if (result->passed && channel_verdict(channel, run.name) != "passed") {
      outcome.status = TestStatus::kFailed;
      outcome.detail = "the test did not report a pass on the grader's own channel: the program ended or wrote "
                       "its result file without the test having passed";
    }
  } else if (process.signal || deadly_signal_report(outcome.tsan_reports)) {
    explain_crash(outcome, process, output, run.source_dirs);
  } else {
    explain_early_exit(outcome, process, output, !json.empty());
  }
  if (outcome.status == TestStatus::kPassed && process.leftover_processes > 0) {
    outcome.status = TestStatus::kFailed;
    outcome.detail = fmt::format(
        "left {} process(es) running after the test ended (started with fork() or system() and never waited "
        "for); the grader killed them. A test must end everything it starts.", process.leftover_processes);
  }
  return outcome;
}

TestOutcome probe_startup(const TestRun& run) {
  TestOutcome outcome;
  ProcessResult process = launch(run, {"--gtest_list_tests"}, outcome);
  if (!process.started || process.timed_out || !process.limit_exceeded.empty()) return outcome;
  std::string output = read_file(run.artifacts / "output.txt");
  if (process.exit_code == 0 && !deadly_signal_report(outcome.tsan_reports) && lists_tests(output)) {
    outcome.status = TestStatus::kPassed;
  } else if (process.signal || deadly_signal_report(outcome.tsan_reports)) {
    explain_crash(outcome, process, output, run.source_dirs);
  } else {
    explain_early_exit(outcome, process, output, /*json_written=*/false);
  }
  return outcome;
}

}  // namespace grader
