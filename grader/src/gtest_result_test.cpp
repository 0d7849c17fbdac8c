#include "gtest_result.h"

#include <gtest/gtest.h>

namespace grader {
namespace {

const char* kJson = R"({"tests": 2, "testsuites": [{"name": "WaitGroup", "testsuite": [
  {"name": "WaitAtZero", "status": "RUN", "result": "COMPLETED"},
  {"name": "Misuse", "status": "RUN", "result": "COMPLETED", "failures": [
     {"failure": "/course/tests/wait_group_test.cpp:42\nExpected: wg.add(-1) throws std::logic_error.\n  Actual: it throws nothing.", "type": ""}]},
  {"name": "Skipped", "status": "RUN", "result": "SKIPPED"}]}]})";

TEST(GtestResult, ReadsPassAndFailureWithItsLocation) {
  auto pass = read_gtest_result(kJson, "WaitGroup.WaitAtZero");
  ASSERT_TRUE(pass.has_value());
  EXPECT_TRUE(pass->passed);
  auto fail = read_gtest_result(kJson, "WaitGroup.Misuse");
  ASSERT_TRUE(fail.has_value());
  EXPECT_FALSE(fail->passed);
  EXPECT_EQ(fail->file, "/course/tests/wait_group_test.cpp");
  EXPECT_EQ(fail->line, 42);
  EXPECT_NE(fail->failure.find("throws nothing"), std::string::npos);
  EXPECT_EQ(fail->failure.find("wait_group_test.cpp:42"), std::string::npos) << "the location is kept apart";
}

TEST(GtestResult, ASkippedTestDoesNotPass) {
  auto skipped = read_gtest_result(kJson, "WaitGroup.Skipped");
  ASSERT_TRUE(skipped.has_value());
  EXPECT_FALSE(skipped->passed);
}

TEST(GtestResult, MissingOrTruncatedOutputIsNoResult) {
  EXPECT_FALSE(read_gtest_result(kJson, "WaitGroup.Nope").has_value());
  EXPECT_FALSE(read_gtest_result("", "WaitGroup.WaitAtZero").has_value());
  EXPECT_FALSE(read_gtest_result(std::string(kJson).substr(0, 80), "WaitGroup.WaitAtZero").has_value());
}

}  // namespace
}  // namespace grader
