#include "protected_files.h"

#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>

namespace grader {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

class ProtectedFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("grader_protected_test_" + std::to_string(getpid()));
    fs::remove_all(root_);
    for (const fs::path& repo : {course(), student()}) {
      write(repo / "exercises/01_x/tests/x_test.cpp", "TEST(X, Y) {}\n");
      write(repo / "exercises/01_x/rubric.json", "{}\n");
      write(repo / "Makefile", "check:\n");
      write(repo / "solutions/01_x/x.cpp", "// theirs\n");
    }
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path course() const { return root_ / "course"; }
  fs::path student() const { return root_ / "student"; }

 private:
  fs::path root_;
};

TEST_F(ProtectedFiles, NoneChangedIsNothingToSay) {
  EXPECT_TRUE(changed_protected_files(student(), course()).empty());
}

TEST_F(ProtectedFiles, NamesChangedAddedAndRemovedFilesButNotSolutions) {
  write(student() / "exercises/01_x/tests/x_test.cpp", "TEST(X, Y) { SUCCEED(); }\n");
  write(student() / "exercises/01_x/tests/extra_test.cpp", "\n");
  fs::remove(student() / "Makefile");
  write(student() / "solutions/01_x/x.cpp", "// changed, and that is fine\n");
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
