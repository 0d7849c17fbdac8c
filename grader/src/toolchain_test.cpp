#include "toolchain.h"

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>

#include "test_support.h"

namespace grader {
namespace {

namespace fs = std::filesystem;

// The smallest course_toolchain.json, with `extra` top-level members.
fs::path write_toolchain(const fs::path& dir, const std::string& extra) {
  const std::string profile = R"({"compile_flags": ["-O2"], "link_flags": [], "link_libraries": []})";
  fs::path file = dir / "course_toolchain.json";
  std::ofstream(file) << R"({"course_root": "/course", "compiler": "g++", "tests": )" << profile << R"(, "bench": )"
                      << profile << R"(, "tests_opt": )" << profile << extra << R"(, "exercises": {}})";
  return file;
}

class ToolchainCache : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fresh_test_dir("toolchain");
    unsetenv("COURSE_COMPILE_CACHE");
  }
  void TearDown() override {
    unsetenv("COURSE_COMPILE_CACHE");
    fs::remove_all(dir_);
  }
  fs::path dir_;
};

constexpr const char* kCache =
    R"(, "compile_cache": {"program": "/usr/bin/ccache", "dir": "/build/submission-ccache"})";

TEST_F(ToolchainCache, EveryProfileCompilesThroughTheCacheTheFileNames) {
  Toolchain t = load_toolchain(write_toolchain(dir_, kCache));
  for (const BuildProfile* p : {&t.tests, &t.bench, &t.tests_opt}) {
    EXPECT_EQ(p->compile_cache.program, "/usr/bin/ccache");
    EXPECT_EQ(p->compile_cache.dir, "/build/submission-ccache");
  }
}

TEST_F(ToolchainCache, NoneWhenTheFileNamesNone) {
  Toolchain t = load_toolchain(write_toolchain(dir_, ""));
  EXPECT_TRUE(t.tests.compile_cache.program.empty());
  EXPECT_TRUE(t.bench.compile_cache.program.empty());
}

TEST_F(ToolchainCache, NoneWhenTheEnvironmentTurnsItOff) {
  setenv("COURSE_COMPILE_CACHE", "0", 1);
  Toolchain t = load_toolchain(write_toolchain(dir_, kCache));
  EXPECT_TRUE(t.tests.compile_cache.program.empty());
  EXPECT_TRUE(t.tests_opt.compile_cache.program.empty());
}

}  // namespace
}  // namespace grader
