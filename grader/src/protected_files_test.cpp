#include "protected_files.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace grader {
namespace {

namespace fs = std::filesystem;

class ProtectedFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const fs::path& repo : {course(), student()}) {
      write_file(repo / "exercises/01_x/tests/x_test.cpp", "TEST(X, Y) {}\n");
      write_file(repo / "exercises/01_x/rubric.json", "{}\n");
      write_file(repo / "Makefile", "check:\n");
      write_file(repo / "solutions/01_x/x.cpp", "// theirs\n");
    }
  }
  fs::path course() const { return root_ / "course"; }
  fs::path student() const { return root_ / "student"; }

 private:
  ScratchDir root_{"grader_protected_test"};
};

TEST_F(ProtectedFiles, NoneChangedIsNothingToSay) { EXPECT_TRUE(changed_protected_files(student(), course()).empty()); }

TEST_F(ProtectedFiles, NamesChangedAddedAndRemovedFilesButNotSolutions) {
  write_file(student() / "exercises/01_x/tests/x_test.cpp", "TEST(X, Y) { SUCCEED(); }\n");
  write_file(student() / "exercises/01_x/tests/extra_test.cpp", "\n");
  fs::remove(student() / "Makefile");
  write_file(student() / "solutions/01_x/x.cpp", "// changed, and that is fine\n");
  std::vector<std::string> changes = changed_protected_files(student(), course());
  EXPECT_EQ(changes, (std::vector<std::string>{"exercises/01_x/tests/extra_test.cpp (added)",
                                               "exercises/01_x/tests/x_test.cpp (changed)", "Makefile (removed)"}));
}

TEST_F(ProtectedFiles, TheCoursesOwnTreeIsNotComparedWithItself) {
  EXPECT_TRUE(changed_protected_files(course(), course()).empty());
}

TEST_F(ProtectedFiles, ASubmissionBelongsToTheRepositoryAboveIt) {
  EXPECT_EQ(repository_of(student() / "solutions"), student());
  EXPECT_EQ(repository_of(student() / "solutions/"), student());
  EXPECT_EQ(repository_of(student() / "exercises/01_x"), fs::path());
}

}  // namespace
}  // namespace grader
