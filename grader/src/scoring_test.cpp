#include "scoring.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace grader {
namespace {

const SourceDirs kDirs{"/course/solutions/01", "/course/exercises/01/tests", "/course"};

Rubric rubric() {
  Rubric r;
  r.exercise = "01";
  r.title = "T";
  r.test_timeout_seconds = 30;
  r.tests = {{"A.One", 50, "one"}, {"A.Two", 25, "two"}};
  r.race_free_points = 15;
  r.no_timeouts_points = 10;
  return r;
}

double total(const std::vector<Check>& checks) {
  double sum = 0;
  for (const auto& c : checks) sum += c.points;
  return sum;
}

TEST(Scoring, AllPassedIsFullMarks) {
  auto checks =
      score_tests(rubric(), {outcome("A.One", TestStatus::kPassed), outcome("A.Two", TestStatus::kPassed)}, kDirs);
  EXPECT_DOUBLE_EQ(total(checks), 100);
  EXPECT_EQ(exercise_status({outcome("A.One", TestStatus::kPassed)}, checks), ExerciseStatus::kPass);
}

TEST(Scoring, RaceAndTimeoutPointsFollowTheCorrectnessEarned) {
  auto checks =
      score_tests(rubric(), {outcome("A.One", TestStatus::kPassed), outcome("A.Two", TestStatus::kFailed)}, kDirs);
  ASSERT_EQ(checks.size(), 4u);
  EXPECT_DOUBLE_EQ(checks[0].points, 50);
  EXPECT_DOUBLE_EQ(checks[1].points, 0);
  EXPECT_NE(checks[1].message.find("detail of A.Two"), std::string::npos);
  EXPECT_DOUBLE_EQ(checks[2].points, 15 * 50.0 / 75);
  EXPECT_DOUBLE_EQ(checks[3].points, 10 * 50.0 / 75);
  EXPECT_NE(checks[2].message.find("in proportion"), std::string::npos);
  EXPECT_EQ(checks[2].status, CheckStatus::kPartial) << "scaled, with nothing found against it";
  EXPECT_EQ(checks[3].status, CheckStatus::kPartial);
  EXPECT_EQ(to_string(checks[2].status), "partial");
  EXPECT_EQ(exercise_status({outcome("A.One", TestStatus::kPassed)}, checks), ExerciseStatus::kFail);
}

TEST(Scoring, FullOrNoCorrectnessIsPassOrSkippedNeverPartial) {
  auto full =
      score_tests(rubric(), {outcome("A.One", TestStatus::kPassed), outcome("A.Two", TestStatus::kPassed)}, kDirs);
  EXPECT_EQ(full[2].status, CheckStatus::kPass);
  auto none =
      score_tests(rubric(), {outcome("A.One", TestStatus::kFailed), outcome("A.Two", TestStatus::kFailed)}, kDirs);
  EXPECT_EQ(none[2].status, CheckStatus::kSkipped);
  EXPECT_EQ(none[3].status, CheckStatus::kSkipped);
}

TEST(Scoring, ARaceIsAFailureNotPartialWhateverTheTestsEarned) {
  TestOutcome racy = outcome("A.One", TestStatus::kPassed);
  racy.tsan_reports.push_back({.kind = "data race", .summary = "data race"});
  auto checks = score_tests(rubric(), {racy, outcome("A.Two", TestStatus::kFailed)}, kDirs);
  EXPECT_EQ(checks[2].status, CheckStatus::kFail);
  EXPECT_EQ(checks[3].status, CheckStatus::kPartial) << "the timeout check found nothing: it only scaled";
}

TEST(Scoring, ATestsWallTimeIsItsChecksSeconds) {
  TestOutcome timed = outcome("A.One", TestStatus::kPassed);
  timed.wall = std::chrono::milliseconds(1250);
  auto checks = score_tests(rubric(), {timed, outcome("A.Two", TestStatus::kPassed)}, kDirs);
  EXPECT_DOUBLE_EQ(checks[0].seconds, 1.25);
}

TEST(Scoring, AStubEarnsNothingAtAll) {
  std::vector<TestOutcome> stub = {outcome("A.One", TestStatus::kNotImplemented),
                                   outcome("A.Two", TestStatus::kNotImplemented)};
  auto checks = score_tests(rubric(), stub, kDirs);
  EXPECT_DOUBLE_EQ(total(checks), 0);
  EXPECT_EQ(exercise_status(stub, checks), ExerciseStatus::kNotImplemented);
}

TEST(Scoring, ARaceReportCostsTheRacePointsEvenWhenTestsPass) {
  TestOutcome racy = outcome("A.One", TestStatus::kPassed);
  racy.tsan_reports.push_back(
      {"data race", {{"Write of size 4 at 0x1 by thread T1", {{"f", "/course/solutions/01/a.cpp", 7}}}}, ""});
  auto checks = score_tests(rubric(), {racy, outcome("A.Two", TestStatus::kPassed)}, kDirs);
  EXPECT_EQ(checks[2].status, CheckStatus::kFail);
  EXPECT_DOUBLE_EQ(checks[2].points, 0);
  EXPECT_EQ(checks[2].file, "solutions/01/a.cpp");
  EXPECT_EQ(checks[2].line, 7);
  EXPECT_NE(checks[2].message.find("A.One"), std::string::npos) << "names the test it happened in";
  EXPECT_DOUBLE_EQ(total(checks), 85);
}

TEST(Scoring, AReportTheTestRemovedStillCostsTheRacePoints) {
  TestOutcome hidden = outcome("A.One", TestStatus::kPassed);
  hidden.tsan_reports.push_back(
      {kUnreadableTsanReport,
       {},
       "ThreadSanitizer reported 2 problem(s) but its report file was removed or unreadable"});
  auto checks = score_tests(rubric(), {hidden, outcome("A.Two", TestStatus::kPassed)}, kDirs);
  EXPECT_EQ(checks[2].status, CheckStatus::kFail);
  EXPECT_DOUBLE_EQ(checks[2].points, 0);
  EXPECT_NE(checks[2].message.find("reported 2 problem(s) but its report file was removed"), std::string::npos)
      << checks[2].message;
  EXPECT_DOUBLE_EQ(total(checks), 85);
}

TEST(Scoring, ATimeoutCostsTheTestAndTheTimeoutPoints) {
  TestOutcome hung = outcome("A.Two", TestStatus::kTimedOut);
  hung.stacks = {{1, "t", {{"course::WaitGroup::wait", "/course/solutions/01/wait_group.cpp", 30}}}};
  auto checks = score_tests(rubric(), {outcome("A.One", TestStatus::kPassed), hung}, kDirs);
  EXPECT_EQ(checks[3].status, CheckStatus::kFail);
  EXPECT_DOUBLE_EQ(checks[3].points, 0);
  EXPECT_NE(checks[3].message.find("solutions/01/wait_group.cpp:30"), std::string::npos) << checks[3].message;
  EXPECT_EQ(checks[3].file, "solutions/01/wait_group.cpp");
  // The hint names each usual cause of a thread that waits forever.
  for (const char* cause : {"without a predicate", "changing the state outside the lock", "opposite orders"})
    EXPECT_NE(checks[3].message.find(cause), std::string::npos) << cause << ": " << checks[3].message;
}

TEST(Scoring, ACrashSaysWhereOnItsFirstLine) {
  TestOutcome crashed = outcome("A.One", TestStatus::kCrashed);
  crashed.detail = "the test process crashed: SEGV in course::EventLog::record\nIts last output:\nok";
  crashed.file = "/course/solutions/01/event_log.cpp";
  crashed.line = 17;
  auto checks = score_tests(rubric(), {crashed, outcome("A.Two", TestStatus::kPassed)}, kDirs);
  EXPECT_NE(checks[0].message.find("SEGV in course::EventLog::record at solutions/01/event_log.cpp:17\n"),
            std::string::npos)
      << checks[0].message;
  // Without a frame in the student's code it says nothing made up.
  crashed.file.clear();
  crashed.line = 0;
  checks = score_tests(rubric(), {crashed, outcome("A.Two", TestStatus::kPassed)}, kDirs);
  EXPECT_EQ(checks[0].message.find(" at "), std::string::npos) << checks[0].message;
}

TEST(Scoring, TestsHungOnTheSameStackShowItOnce) {
  std::vector<ThreadStack> stuck = {{1, "t", {{"course::WaitGroup::wait", "/course/solutions/01/wait_group.cpp", 30}}}};
  TestOutcome one = outcome("A.One", TestStatus::kTimedOut), two = outcome("A.Two", TestStatus::kTimedOut);
  one.stacks = two.stacks = stuck;
  auto checks = score_tests(rubric(), {one, two}, kDirs);
  const std::string& message = checks[3].message;
  EXPECT_NE(message.find("A.One was stopped"), std::string::npos) << message;
  EXPECT_NE(message.find("A.Two was stopped after 0 s. Its threads were where A.One's were."), std::string::npos)
      << message;
  std::size_t first = message.find("wait_group.cpp:30");
  ASSERT_NE(first, std::string::npos) << message;
  EXPECT_EQ(message.find("wait_group.cpp:30", first + 1), std::string::npos) << "the stack is shown once: " << message;
}

TEST(Scoring, TestsHungOnDifferentStacksShowEach) {
  TestOutcome one = outcome("A.One", TestStatus::kTimedOut), two = outcome("A.Two", TestStatus::kTimedOut);
  one.stacks = {{1, "t", {{"course::WaitGroup::wait", "/course/solutions/01/wait_group.cpp", 30}}}};
  two.stacks = {{1, "t", {{"course::WaitGroup::done", "/course/solutions/01/wait_group.cpp", 44}}}};
  auto checks = score_tests(rubric(), {one, two}, kDirs);
  EXPECT_NE(checks[3].message.find("wait_group.cpp:30"), std::string::npos) << checks[3].message;
  EXPECT_NE(checks[3].message.find("wait_group.cpp:44"), std::string::npos) << checks[3].message;
  EXPECT_EQ(checks[3].message.find("Its threads were where"), std::string::npos);
}

}  // namespace
}  // namespace grader
