// Where a submission's code lives, and how paths are shown to a student:
// relative to the course, so a report reads the same on every machine.
#pragma once

#include <string>

namespace grader {

// Where code lives, to pick the frames that matter to a student.
struct SourceDirs {
  std::string submission;  // the student's directory for this exercise (absolute)
  std::string tests;       // the exercise's test directory (absolute)
  std::string root;        // paths are shown relative to this
};

// `path` relative to `root` when it lies under it, unchanged otherwise.
std::string relative_to(const std::string& path, const std::string& root);

}  // namespace grader
