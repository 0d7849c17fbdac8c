#include "gtest_result.h"

#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

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

// The file is the test program's: whatever it holds, reading it finishes
// and gives an answer. (std::regex recursed once per character of a first
// line and crashed the grader on these.)
std::string one_failure(const std::string& failure) {
  nlohmann::json j = {
      {"testsuites", {{{"name", "S"}, {"testsuite", {{{"name", "T"}, {"failures", {{{"failure", failure}}}}}}}}}}};
  return j.dump();
}

TEST(GtestResult, AFourMegabyteFailureWithoutANewlineIsReadWhole) {
  std::string huge(4 << 20, 'x');
  auto r = read_gtest_result(one_failure(huge), "S.T");
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->passed);
  EXPECT_EQ(r->failure, huge) << "no location to cut";
  EXPECT_EQ(r->file, "");
  auto located = read_gtest_result(one_failure(huge + ":12\nmessage"), "S.T");
  ASSERT_TRUE(located.has_value());
  EXPECT_EQ(located->file, "") << "a 4 MB first line is no location";
  auto long_message = read_gtest_result(one_failure("/t/a_test.cpp:7\n" + huge), "S.T");
  ASSERT_TRUE(long_message.has_value());
  EXPECT_EQ(long_message->file, "/t/a_test.cpp");
  EXPECT_EQ(long_message->line, 7);
  EXPECT_EQ(long_message->failure, huge);
}

TEST(GtestResult, RawBytesInAMessageAreReadAsReplacementCharacters) {
  // GoogleTest writes a message's bytes as they are: 0xFF 0xFE, Latin-1.
  std::string json = R"({"testsuites": [{"name": "S", "testsuite": [{"name": "T", "failures": [)"
                     R"({"failure": "/t/a.cpp:3\nC++ exception with description \")"
                     "\xFF\xFE caf\xE9"
                     R"(\" thrown in the test body."}]}]}]})";
  auto r = read_gtest_result(json, "S.T");
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->passed);
  EXPECT_EQ(r->line, 3);
  EXPECT_NE(r->failure.find("\xEF\xBF\xBD\xEF\xBF\xBD caf\xEF\xBF\xBD"), std::string::npos) << r->failure;
}

TEST(GtestResult, AFileOfAnyShapeIsNoResultRatherThanACrash) {
  for (const char* text :
       {R"({"testsuites": "x"})", R"({"testsuites": [{"name": 3, "testsuite": {}}]})",
        R"({"testsuites": [{"name": "S", "testsuite": [{"name": "T", "failures": 7}]}]})", R"([1, 2])",
        R"({"testsuites": [{"name": "S", "testsuite": [{"name": "T", "failures": [{"failure": 1}]}]}]})"}) {
    std::optional<GtestResult> r;
    EXPECT_NO_THROW(r = read_gtest_result(text, "S.T")) << text;
    if (r) EXPECT_FALSE(r->passed && std::string(text).find("failure\": 1") != std::string::npos) << text;
  }
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_FALSE(read_gtest_result(deep, "S.T").has_value());
}

TEST(GtestResult, RandomBytesAreNoResult) {
  std::mt19937 random(7);
  for (int round = 0; round < 100; ++round) {
    std::string bytes(1 + random() % 2000, '\0');
    for (auto& b : bytes) b = static_cast<char>(random());
    EXPECT_FALSE(read_gtest_result(bytes, "S.T").has_value());
  }
}

}  // namespace
}  // namespace grader
