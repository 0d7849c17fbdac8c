// The main() of every exercise's test binary. Each test's verdict also goes
// to the grader on its own channel (channel/result_channel.h), the only
// place the grader takes a verdict from.
#include <sys/prctl.h>

#include <string>

#include <gtest/gtest.h>

#include "channel/result_channel.h"

namespace {

class ResultChannel : public testing::EmptyTestEventListener {
  void OnTestEnd(const testing::TestInfo& info) override {
    course_channel::Send(std::string(info.result()->Passed() ? "passed" : "failed") + " " +
                         info.test_suite_name() + "." + info.name());
  }
};

}  // namespace

int main(int argc, char** argv) {
  // When a test hangs, the grader attaches gdb to print every thread's stack.
  // Where Yama restricts ptrace to a process's ancestors, gdb (a sibling of
  // this process) needs this permission. Without Yama the call fails harmlessly.
  prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
  testing::InitGoogleTest(&argc, argv);
  testing::UnitTest::GetInstance()->listeners().Append(new ResultChannel);
  return RUN_ALL_TESTS();
}
