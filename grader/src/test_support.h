// For the grader's unit tests (*_test.cpp) only: what several of them need,
// in one place rather than a copy in each.
//
//   ScratchDir       a directory of one test's own, empty when the test
//                    starts and removed when it ends
//   write_file()     a file with its parent directories
//   outcome()        one test's outcome, as the harness would report it
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include <gtest/gtest.h>

#include "test_process.h"

namespace grader {

// An empty directory `temp/PREFIX_PID_TEST`, whatever an earlier run left
// there: named after the process and the running test, so that tests run
// side by side (ctest -j, or two engineers' builds) never share one.
inline std::filesystem::path fresh_test_dir(const std::string& prefix) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      (prefix + "_" + std::to_string(getpid()) + "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// fresh_test_dir() for the test's lifetime: a member of a fixture, or a
// local in a TEST (both made once the test is running, which names it).
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& prefix) : path_(fresh_test_dir(prefix)) {}
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::filesystem::path& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// `text` in `file`, its directories made first. Not write(): that name
// would hide POSIX write() in the tests that use both.
inline void write_file(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

// A test named `name` that ended with `status`; its detail names it, so a
// check that shows the wrong test's detail is seen.
inline TestOutcome outcome(const std::string& name, TestStatus status) {
  TestOutcome o;
  o.name = name;
  o.status = status;
  o.detail = "detail of " + name;
  return o;
}

}  // namespace grader
