#include "roster.h"

#include <gtest/gtest.h>

#include "grading_error.h"
#include "test_support.h"
#include "text_files.h"

namespace grader {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kExercises = {"01_concurrent_tasks", "02_worker_pool"};

class Roster : public ::testing::Test {
 protected:
  void SetUp() override { root_ = fresh_test_dir("grader_roster_test"); }
  void TearDown() override { fs::remove_all(root_); }
  void make(const std::string& relative) { fs::create_directories(root_ / relative); }

  fs::path root_;
};

TEST_F(Roster, FindsBothLayoutsInNameOrder) {
  make("zoe/01_concurrent_tasks");
  make("adam/solutions/02_worker_pool");
  make("adam/exercises");
  make("mia/02_worker_pool");
  std::vector<Student> students = find_students(root_, kExercises);
  ASSERT_EQ(students.size(), 3u);
  EXPECT_EQ(students[0].name, "adam");
  EXPECT_EQ(students[0].submission, root_ / "adam" / "solutions");
  EXPECT_EQ(students[1].name, "mia");
  EXPECT_EQ(students[1].submission, root_ / "mia");
  EXPECT_EQ(students[2].name, "zoe");
  for (const auto& s : students) EXPECT_EQ(s.problem, "") << s.name;
}

TEST_F(Roster, ADirectoryWithNoExerciseIsKeptAndSaysWhy) {
  make("empty");
  make("only_solutions/solutions/01_concurrent_tasks");  // no exercises/: not a clone, no exercise dir either
  std::vector<Student> students = find_students(root_, kExercises);
  ASSERT_EQ(students.size(), 2u);
  for (const auto& s : students) {
    EXPECT_TRUE(s.submission.empty()) << s.name;
    EXPECT_NE(s.problem.find("holds neither an exercise directory"), std::string::npos) << s.problem;
    EXPECT_NE(s.problem.find("01_concurrent_tasks/"), std::string::npos) << s.problem;
  }
}

TEST_F(Roster, HiddenDirectoriesAndFilesAreNotStudents) {
  make(".git");
  make("ana/01_concurrent_tasks");
  write_atomically(root_ / "class_list.csv", "ana\n");
  std::vector<Student> students = find_students(root_, kExercises);
  ASSERT_EQ(students.size(), 1u);
  EXPECT_EQ(students[0].name, "ana");
}

TEST_F(Roster, NamesThatCannotBeFileNamesAreAllRefusedAtOnce) {
  make("good-name_1.x/01_concurrent_tasks");
  make("has space/01_concurrent_tasks");
  make("-dash/01_concurrent_tasks");
  make("semi;colon/01_concurrent_tasks");
  try {
    find_students(root_, kExercises);
    FAIL() << "unsafe names were accepted";
  } catch (const GradingError& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("\"has space\" (has a space)"), std::string::npos) << message;
    EXPECT_NE(message.find("\"-dash\" (does not start with a letter or digit)"), std::string::npos) << message;
    EXPECT_NE(message.find("\"semi;colon\" (has ';')"), std::string::npos) << message;
    EXPECT_EQ(message.find("good-name_1.x"), std::string::npos) << message;
    EXPECT_NE(message.find("Rename them"), std::string::npos) << message;
  }
}

TEST_F(Roster, NamesDifferingOnlyInCaseAreRefused) {
  make("Ana/01_concurrent_tasks");
  make("ana/01_concurrent_tasks");
  EXPECT_THROW(find_students(root_, kExercises), GradingError);
}

TEST(RosterNames, SafeAndUnsafe) {
  EXPECT_EQ(unsafe_name_reason("octocat"), "");
  EXPECT_EQ(unsafe_name_reason("hw1-octo.cat_2"), "");
  EXPECT_EQ(unsafe_name_reason(""), "empty");
  EXPECT_EQ(unsafe_name_reason(".."), "does not start with a letter or digit");
  EXPECT_EQ(unsafe_name_reason("a/b"), "has '/'");
  EXPECT_EQ(unsafe_name_reason("caf\xc3\xa9"), "has the byte 0xc3");
  EXPECT_NE(unsafe_name_reason(std::string(101, 'a')), "");
}

TEST(RosterShards, EveryStudentInExactlyOneShardByNameOrder) {
  std::vector<Student> students;
  for (const char* name : {"a", "b", "c", "d", "e"}) students.push_back({name, {}, {}, ""});
  std::vector<std::string> seen;
  for (unsigned i = 0; i < 2; ++i)
    for (const auto& s : students_of(students, parse_shard(std::to_string(i) + "/2"))) seen.push_back(s.name);
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "c", "e", "b", "d"}));
  EXPECT_EQ(students_of(students, parse_shard("0/1")).size(), 5u);
  EXPECT_EQ(students_of(students, parse_shard("4/5"))[0].name, "e");
}

TEST(RosterShards, MalformedShardsAreRefused) {
  for (const char* bad : {"", "1", "2/2", "1/0", "-1/2", "a/b", "1/2/3", "0/"})
    EXPECT_THROW(parse_shard(bad), GradingError) << bad;
}

}  // namespace
}  // namespace grader
