#include "export_template.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "grading_error.h"
#include "protected_files.h"
#include "test_support.h"
#include "text_files.h"

namespace grader {
namespace {

namespace fs = std::filesystem;

constexpr const char* kReference = R"(// The reference.
#include "course/x.h"

namespace course {
int answer() { return 42; }
}  // namespace course
)";

// A small course tree: one exercise with a hidden test, a reference, stubs,
// the grader with its tests, and the repository's other files.
class ExportTemplate : public testing::Test {
 protected:
  void SetUp() override {
    course_ = scratch_ / "course";
    write_file(course_ / "exercises/01_x/README.md", "statement");
    write_file(course_ / "exercises/01_x/rubric.json",
               R"({"exercise": "01", "title": "The X", "tests": [{"name": "X.A", "points": 100}],
              "race_free": {"points": 0}, "no_timeouts": {"points": 0}})");
    write_file(course_ / "exercises/01_x/tests/x_test.cpp", "public test");
    write_file(course_ / "exercises/01_x/hidden/hidden_test.cpp", "hidden test");
    write_file(course_ / "exercises/cmake/course_exercise.cmake", "cmake");
    write_file(course_ / "reference/01_x/x.cpp", kReference);
    write_file(course_ / "solutions/01_x/x.cpp", "// The stub.\n#include \"course/x.h\"\nint answer() { throw 1; }\n");
    write_file(course_ / "grader/src/main.cpp", "grader");
    write_file(course_ / "grader/tests/corpus/01_x/case/x.cpp", "made from the reference");
    write_file(course_ / "grader/template/README.md", "# For students\n\n<!-- exercises -->\n\nThe end.\n");
    write_file(course_ / ".github/workflows/classroom.yml", "classroom");
    write_file(course_ / ".github/workflows/ci.yml", "ci");
    write_file(course_ / ".github/classroom/grade_exercise.sh", "step");
    write_file(course_ / ".ci/deps", "deps");
    fs::permissions(course_ / ".ci/deps", fs::perms::owner_exec, fs::perm_options::add);
    write_file(course_ / ".ci/run", "run");
    for (const char* file : {"Makefile", "CMakeLists.txt", "CMakePresets.json", "README.md"})
      write_file(course_ / file, file);
    toolchain_.course_root = course_;
    toolchain_.exercises["01"].dir = "01_x";
  }
  ScratchDir scratch_{"export_template_test"};
  fs::path course_;
  Toolchain toolchain_;
};

TEST_F(ExportTemplate, CopiesWhatStudentsNeedAndNoReference) {
  fs::path out = scratch_ / "template";
  export_template(toolchain_, out);
  for (const char* kept :
       {"exercises/01_x/README.md", "exercises/01_x/tests/x_test.cpp", "solutions/01_x/x.cpp", "grader/src/main.cpp",
        ".github/workflows/classroom.yml", ".github/classroom/grade_exercise.sh", ".ci/deps", "Makefile",
        "CMakeLists.txt", "CMakePresets.json", "exercises/cmake/course_exercise.cmake"})
    EXPECT_TRUE(fs::exists(out / kept)) << kept;
  for (const char* gone : {"reference", "exercises/01_x/hidden", "grader/tests", ".github/workflows/ci.yml", ".ci/run"})
    EXPECT_FALSE(fs::exists(out / gone)) << gone;
  EXPECT_NE(fs::status(out / ".ci/deps").permissions() & fs::perms::owner_exec, fs::perms::none)
      << "scripts stay executable";
  std::string readme = read_file(out / "README.md");
  EXPECT_NE(readme.find("| 01 | [The X](exercises/01_x/README.md) |"), std::string::npos) << readme;
  EXPECT_EQ(readme.find("<!-- exercises -->"), std::string::npos);
}

TEST_F(ExportTemplate, ARepositoryMadeFromItShowsNoChangedFile) {
  fs::path out = scratch_ / "template";
  export_template(toolchain_, out);
  write_file(out / "exercises/01_x/reference_objects/x.o", "object");
  EXPECT_EQ(changed_protected_files(out, course_), std::vector<std::string>{});
  write_file(out / ".github/workflows/mine.yml", "a workflow of the student's");
  write_file(out / "exercises/01_x/tests/x_test.cpp", "changed");
  EXPECT_EQ(
      changed_protected_files(out, course_),
      (std::vector<std::string>{".github/workflows/mine.yml (added)", "exercises/01_x/tests/x_test.cpp (changed)"}));
}

TEST_F(ExportTemplate, RefusesADirectoryInsideTheCourseOrNotEmpty) {
  try {
    export_template(toolchain_, course_ / "template");
    ADD_FAILURE() << "exported inside the course tree";
  } catch (const GradingError& e) {
    EXPECT_NE(std::string(e.what()).find("inside the course tree"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(course_ / "template"));
  write_file(scratch_ / "full/something", "x");
  try {
    export_template(toolchain_, scratch_ / "full");
    ADD_FAILURE() << "exported into a non-empty directory";
  } catch (const GradingError& e) {
    EXPECT_NE(std::string(e.what()).find("not an empty directory"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(export_template(toolchain_, course_ / "build" / "template")) << "the build tree is fine";
}

TEST_F(ExportTemplate, RefusesAReferenceSourceHiddenElsewhereAndLeavesNothing) {
  write_file(course_ / "exercises/01_x/demo/demo.cpp", std::string("// a demo\n") + kReference);
  fs::path out = scratch_ / "template";
  try {
    export_template(toolchain_, out);
    ADD_FAILURE() << "exported a reference source";
  } catch (const GradingError& e) {
    EXPECT_NE(std::string(e.what()).find("exercises/01_x/demo/demo.cpp contains the reference source"),
              std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(fs::is_empty(out));
}

}  // namespace
}  // namespace grader
