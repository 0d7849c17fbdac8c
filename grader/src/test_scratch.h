// For the grader's unit tests: a directory of one test's own, named after
// the process and the running test so that tests run side by side (ctest
// -j) never share one.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace grader {

// An empty directory `temp/PREFIX_PID_TEST`, whatever an earlier run left
// there. The caller removes it in TearDown().
inline std::filesystem::path fresh_test_dir(const std::string& prefix) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              (prefix + "_" + std::to_string(getpid()) + "_" +
                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace grader
