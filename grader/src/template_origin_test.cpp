#include "template_origin.h"

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>

#include "protected_files.h"
#include "rubric.h"
#include "test_support.h"

namespace grader {
namespace {

namespace fs = std::filesystem;
using std::string_literals::operator""s;

TEST(ParseLsTree, ReadsBlobsAndSkipsSubmodules) {
  std::string out = "100644 blob 3b18e512dba79e4c8300dd08aeb37f8e728b8dad\texercises/a b.json\0"s
                    "160000 commit 1111111111111111111111111111111111111111\tgrader/sub\0"s
                    "100755 blob 2222222222222222222222222222222222222222\t.ci/deps\0"s;
  std::vector<BlobEntry> entries = parse_ls_tree(out);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].path, "exercises/a b.json");
  EXPECT_EQ(entries[0].hash, "3b18e512dba79e4c8300dd08aeb37f8e728b8dad");
  EXPECT_EQ(entries[1].path, ".ci/deps");
  EXPECT_TRUE(parse_ls_tree("").empty());
  EXPECT_TRUE(parse_ls_tree("garbage without a tab").empty());
}

TEST(CompareWithOrigin, NamesChangedAddedAndRemovedFilesInPathOrder) {
  std::vector<BlobEntry> committed = {{"b", "1"}, {"a", "2"}, {"gone", "3"}};
  std::vector<BlobEntry> disk = {{"a", "2"}, {"b", "9"}, {"new", "4"}};
  EXPECT_EQ(compare_with_origin(committed, disk),
            (std::vector<std::string>{"b (changed)", "gone (removed)", "new (added)"}));
  EXPECT_TRUE(compare_with_origin(committed, committed).empty());
}

class TemplateRepo : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("git --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "no git here";
    dir_ = fresh_test_dir("grader_template_origin_test");
    fs::create_directories(dir_ / "exercises/01_x");
    fs::create_directories(dir_ / "solutions/01_x");
    write("exercises/01_x/rubric.json", rubric(40));
    write("exercises/01_x/test.cpp", "// a test\n");
    write("solutions/01_x/x.cpp", "// the stub\n");
  }
  void TearDown() override {
    std::error_code ignored;
    if (!dir_.empty()) fs::remove_all(dir_, ignored);
  }
  void write(const std::string& relative, const std::string& text) { std::ofstream(dir_ / relative) << text; }
  // One commit of everything, as "Use this template" makes it.
  void commit_all(const std::string& message) {
    std::string git = "git -C '" + dir_.string() + "' -c user.name=t -c user.email=t@example.com ";
    ASSERT_EQ(std::system((git + "init -q && " + git + "add -A && " + git + "commit -q -m '" + message + "'").c_str()),
              0);
  }
  static std::string rubric(int first_points) {
    return R"({"exercise": "01", "title": "X", "tests": [{"name": "A.B", "points": )" + std::to_string(first_points) +
           R"(}, {"name": "A.C", "points": )" + std::to_string(75 - first_points) +
           R"(}], "race_free": {"points": 15}, "no_timeouts": {"points": 10}})";
  }
  fs::path dir_;
};

TEST_F(TemplateRepo, EditsOutsideSolutionsAreNamedAndTheRubricIsTheTemplates) {
  commit_all("template");
  std::optional<TemplateOrigin> origin = template_origin(dir_);
  ASSERT_TRUE(origin.has_value());
  EXPECT_TRUE(changed_protected_files(dir_, dir_).empty()) << "nothing changed yet";

  // The student's work is theirs; an edited rubric, an emptied test and a
  // new file under exercises/ are not, even once committed.
  write("solutions/01_x/x.cpp", "// solved\n");
  write("exercises/01_x/rubric.json", rubric(70));
  write("exercises/01_x/test.cpp", "");
  write("exercises/01_x/extra.cpp", "// added\n");
  commit_all("my edits");
  EXPECT_EQ(changed_protected_files(dir_, dir_),
            (std::vector<std::string>{"exercises/01_x/extra.cpp (added)", "exercises/01_x/rubric.json (changed)",
                                      "exercises/01_x/test.cpp (changed)"}));
  EXPECT_EQ(course_rubric(dir_, "01_x").tests.at(0).points, 40) << "graded with the edited rubric";
  fs::remove(dir_ / "exercises/01_x/test.cpp");
  EXPECT_EQ(changed_protected_files(dir_, dir_).back(), "exercises/01_x/test.cpp (removed)");
}

TEST_F(TemplateRepo, TheCoursesOwnTreeAndATreeWithoutGitAreLeftAlone) {
  write("exercises/01_x/rubric.json", rubric(70));
  EXPECT_FALSE(template_origin(dir_).has_value()) << "no repository";
  EXPECT_EQ(course_rubric(dir_, "01_x").tests.at(0).points, 70);
  fs::create_directories(dir_ / "reference/01_x");
  commit_all("the course");
  EXPECT_FALSE(template_origin(dir_).has_value()) << "a tree with reference/ is the course's own";
  EXPECT_TRUE(changed_protected_files(dir_, dir_).empty());
}

}  // namespace
}  // namespace grader
