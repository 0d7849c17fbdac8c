// How to compile and link a submission exactly as the course's own build
// compiles the references: read from course_toolchain.json, which CMake
// writes into the build tree (exercises/cmake/course_exercise.cmake).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace grader {

// ccache, and the grader's own cache directory for submission builds
// (never the user's ~/.cache/ccache): submission_build.cpp says why it is
// safe. Empty program: no cache, every object compiled.
struct CompileCache {
  std::filesystem::path program;  // /usr/bin/ccache
  std::filesystem::path dir;      // <build tree>/submission-ccache
};

// How one kind of binary is built: the tests (under ThreadSanitizer), the
// benchmark (optimised, no sanitizer), or the tests built as the benchmark is
// (the same compile flags, so both link the very same objects).
struct BuildProfile {
  std::vector<std::string> compile_flags;
  std::vector<std::string> link_flags;
  std::vector<std::string> link_libraries;
  // The toolchain's, copied into each profile so that every build of a
  // submission compiles through it without its callers passing it on.
  CompileCache compile_cache{};
};

struct ExerciseToolchain {
  std::string dir;                                       // "01_concurrent_tasks"
  std::vector<std::filesystem::path> include_dirs;       // the public headers
  std::filesystem::path test_archive;                    // the tests, compiled under TSan
  std::filesystem::path test_archive_opt;                // the same tests compiled as the benchmark is
  std::filesystem::path bench_archive;                   // the benchmark; empty: the exercise has none
  std::filesystem::path reference_bench;                 // the benchmark linked with the reference
  std::vector<std::filesystem::path> reference_objects;  // the reference as the benchmark compiles it
  std::filesystem::path hidden_archive;                  // the instructor's hidden tests; empty: none
};

struct Toolchain {
  std::filesystem::path course_root;
  std::string compiler;
  BuildProfile tests;
  BuildProfile bench;
  BuildProfile tests_opt;
  std::map<std::string, ExerciseToolchain> exercises;  // by id, "01"
  // The scheduling-noise library of stress runs (stress.h) and the link
  // flags that route the synchronization calls through it; empty archive:
  // this build tree has none.
  std::filesystem::path noise_archive;
  std::vector<std::string> noise_link_flags;
  CompileCache compile_cache;  // also in each profile above
};

// Throws GradingError with what to do when the file is missing or malformed.
// "compile_cache" {program, dir} in the file turns the cache on, unless
// the environment says COURSE_COMPILE_CACHE=0 (to measure without it).
Toolchain load_toolchain(const std::filesystem::path& file);

}  // namespace grader
