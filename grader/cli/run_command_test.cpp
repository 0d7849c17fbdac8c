#include "run_command.h"

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "grading_error.h"

namespace grader {
namespace {

// What run_command wrote on its error stream, and its status.
struct Ran {
  int status;
  std::string said;
};

Ran ran(const std::function<int()>& body) {
  char* text = nullptr;
  std::size_t size = 0;
  std::FILE* errors = open_memstream(&text, &size);
  int status = run_command({nullptr, "grade", body}, errors);
  std::fclose(errors);
  Ran r{status, std::string(text, size)};
  std::free(text);
  return r;
}

TEST(RunCommand, ReturnsTheCommandsStatusSayingNothing) {
  Ran r = ran([] { return 1; });
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.said, "");
}

TEST(RunCommand, AGradingErrorIsWhatToDo) {
  Ran r = ran([]() -> int { throw GradingError("the toolchain is missing: run make"); });
  EXPECT_EQ(r.status, kCannotRun);
  EXPECT_EQ(r.said, "grader: cannot grade: the toolchain is missing: run make\n");
}

TEST(RunCommand, AFilesystemErrorSaysWhatToCheck) {
  Ran r = ran([]() -> int {
    throw std::filesystem::filesystem_error("cannot create", "/nowhere/x",
                                            std::make_error_code(std::errc::permission_denied));
  });
  EXPECT_EQ(r.status, kCannotRun);
  EXPECT_TRUE(r.said.starts_with("grader: cannot grade: ")) << r.said;
  EXPECT_NE(r.said.find("/nowhere/x"), std::string::npos) << r.said;
  EXPECT_NE(r.said.find("check that the path exists"), std::string::npos) << r.said;
  EXPECT_EQ(r.said.find("error in the grader itself"), std::string::npos) << r.said;
}

TEST(RunCommand, AnyOtherExceptionIsTheGradersOwnFault) {
  Ran r = ran([]() -> int { throw std::out_of_range("stoi"); });
  EXPECT_EQ(r.status, kCannotRun);
  EXPECT_EQ(r.said, "grader: cannot grade (an error in the grader itself, please report it): stoi\n");
}

}  // namespace
}  // namespace grader
