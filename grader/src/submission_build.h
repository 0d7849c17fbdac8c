// Builds one exercise of a submission: the student's .cpp files compiled
// with the course's ThreadSanitizer flags and linked against the course's
// pre-compiled test archive. The student's directory contributes sources
// only; tests, flags and build files always come from the course.
//
// The objects compile first, in a sandbox that shows only the sources and
// the public headers; then symbol_check.h decides what they may reference
// and define (a refusal is the build's error, "refused: ..."); only then
// do they link, in a sandbox that shows in addition the very files linked.
//
// Each exercise gets a build directory of its own with a generated
// build.ninja, so exercises build independently and a second `make check`
// recompiles only the files that changed.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "diagnostics.h"
#include "toolchain.h"

namespace grader {

struct BuildResult {
  bool ok = false;
  std::filesystem::path binary;
  std::filesystem::path log_file;   // the compiler's full output
  std::optional<Diagnostic> error;  // the first error, when there is one
  std::string problem;              // why it failed, in words, when there is no diagnostic
  std::chrono::milliseconds wall{0};
};

// What to build: the student's sources with a profile's flags, linked
// with the whole of `archive` (the course's tests or benchmark).
struct BuildTarget {
  // Not owned: the toolchain's (toolchain.h), which outlives every build of
  // a grading.
  const BuildProfile* profile = nullptr;
  std::vector<std::filesystem::path> include_dirs;
  std::filesystem::path archive;
  std::string binary_name;  // "tests", "bench"
  // A second link of the same objects with the scheduling-noise library
  // wrapped around the synchronization calls (stress.h), named
  // `<binary_name>_stress` and built only by link_noise_binary(). Empty
  // archive: none.
  std::filesystem::path noise_archive{};
  std::vector<std::string> noise_link_flags{};
};

// Thread-safety: builds of different build directories may run at once
// (link_noise_binary() is called on parallel_for threads of other suites);
// two builds of one directory may not.
BuildResult build_submission(const std::string& compiler, const BuildTarget& target,
                             const std::filesystem::path& sources_dir, const std::filesystem::path& build_dir,
                             std::chrono::seconds time_limit);

// Links the noise binary of `target` from the objects build_submission()
// left in `build_dir` (call it after a build that succeeded). Not ok when it
// does not link, with the linker's first error or the problem in words.
BuildResult link_noise_binary(const BuildTarget& target, const std::filesystem::path& sources_dir,
                              const std::filesystem::path& build_dir, std::chrono::seconds time_limit);

}  // namespace grader
