// The main() of every exercise's test binary. Each test's verdict, with
// its failures (message, file, line), goes to the grader on its own channel
// (channel/channel.h), the only place the grader takes a verdict from:
// GoogleTest's files are the program's to write, so the grader reads none.
// So does every problem ThreadSanitizer reports, as it reports it: the
// report files sit where the program can delete them, the count does not.
#include <sys/prctl.h>

#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "channel/channel.h"
#include "testing/course_testing/timeline_recorder.h"

// Weak: an exercise without a timeline scenario links without one.
namespace course_timeline {
__attribute__((weak)) void Scenario(Recorder& recorder);
}

namespace {

// A failure message longer than this is cut: the report quotes it, and a
// submission decides how long it is.
constexpr std::size_t kMaxMessage = 4000;
constexpr std::size_t kMaxFile = 500;

class ResultChannel : public testing::EmptyTestEventListener {
  // Which test runs now: when several run in one process, the grader
  // stops one that passes its own time limit there (test_process.h).
  void OnTestStart(const testing::TestInfo& info) override {
    course_channel::Send("start\t" + course_channel::Escape(info.test_suite_name(), kMaxFile) + "." +
                         course_channel::Escape(info.name(), kMaxFile));
  }

  void OnTestEnd(const testing::TestInfo& info) override {
    const testing::TestResult& result = *info.result();
    std::string verdict = result.Skipped() ? "skipped" : result.Passed() ? "passed" : "failed";
    std::string file;
    int line = 0;
    std::string message;
    for (int i = 0; i < result.total_part_count(); ++i) {
      const testing::TestPartResult& part = result.GetTestPartResult(i);
      if (!part.failed()) continue;
      if (file.empty() && part.file_name() != nullptr) {
        file = part.file_name();
        line = part.line_number();
      }
      if (message.size() < kMaxMessage) message += (message.empty() ? "" : "\n") + std::string(part.message());
    }
    course_channel::Send("result\t" + verdict + "\t" + course_channel::Escape(info.test_suite_name(), kMaxFile) + "." +
                         course_channel::Escape(info.name(), kMaxFile) + "\t" + course_channel::Escape(file, kMaxFile) +
                         "\t" + std::to_string(line) + "\t" + course_channel::Escape(message, kMaxMessage));
  }

  void OnTestIterationEnd(const testing::UnitTest& unit, int) override {
    course_channel::Send("end\t" + std::to_string(unit.test_to_run_count()));
  }
};

}  // namespace

// ThreadSanitizer calls this for every problem it finds, before printing it
// (libtsan's weak default returns `suppressed`). Each unsuppressed one is
// counted on the channel at once: a program that then deletes its report
// files, or ends with _Exit, has still been caught.
namespace __tsan {
struct ReportDesc;
bool OnReport(const ReportDesc*, bool suppressed) {
  if (!suppressed) course_channel::SendRaw("tsan-report", sizeof "tsan-report" - 1);
  return suppressed;
}
}  // namespace __tsan

int main(int argc, char** argv) {
  // When a test hangs, the grader attaches gdb to print every thread's stack.
  // Where Yama restricts ptrace to a process's ancestors, gdb (a sibling of
  // this process) needs this permission. Without Yama the call fails harmlessly.
  prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
  // Timeline mode, the grader's one unscored run: no test runs, the
  // exercise's scenario records its timeline into this file (exit 3: the
  // exercise has none).
  if (const char* timeline = std::getenv("COURSE_TIMELINE_FILE")) {
    if (course_timeline::Scenario == nullptr) return 3;
    static course_timeline::Recorder recorder;
    course_timeline::Scenario(recorder);
    return recorder.write(timeline) ? 0 : 1;
  }
  testing::InitGoogleTest(&argc, argv);
  testing::UnitTest::GetInstance()->listeners().Append(new ResultChannel);
  return RUN_ALL_TESTS();
}
