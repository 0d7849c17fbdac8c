// Every exercise's rubric must total 100 and name exactly the tests its test
// binary has: a test missing from the rubric would go unscored, a rubric
// entry without a test would fail every student.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "rubric.h"
#include "toolchain.h"

namespace fs = std::filesystem;

namespace {

std::set<std::string> listed_tests(const fs::path& binary) {
  std::set<std::string> tests;
  std::string command = "setarch -R '" + binary.string() + "' --gtest_list_tests";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return tests;
  std::string suite;
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe.get()) != nullptr) {
    std::string line = buffer;
    line = line.substr(0, line.find_first_of("#\n"));
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (line.empty()) continue;
    if (line[0] != ' ') suite = line;
    else tests.insert(suite + line.substr(line.find_first_not_of(' ')));
  }
  return tests;
}

TEST(Rubrics, TotalOneHundredAndNameExactlyTheExercisesTests) {
  grader::Toolchain toolchain = grader::load_toolchain(COURSE_TOOLCHAIN);
  ASSERT_FALSE(toolchain.exercises.empty());
  for (const auto& [id, exercise] : toolchain.exercises) {
    SCOPED_TRACE("exercise " + exercise.dir);
    grader::Rubric rubric = grader::load_rubric(toolchain.course_root / "exercises" / exercise.dir / "rubric.json");
    EXPECT_EQ(rubric.exercise, id);
    std::set<std::string> in_rubric;
    for (const auto& t : rubric.tests) {
      EXPECT_TRUE(in_rubric.insert(t.name).second) << t.name << " is in the rubric twice";
      EXPECT_GT(t.points, 0) << t.name;
      EXPECT_FALSE(t.checks.empty()) << t.name << " needs a sentence saying what it checks";
    }
    fs::path binary = fs::path(COURSE_BUILD_DIR) / "exercises" / exercise.dir / ("ex" + id + "_reference_tests");
    EXPECT_EQ(listed_tests(binary), in_rubric);
  }
}

}  // namespace
