// Finds the first error in compiler and linker output, so that a build
// failure can be reported as one actionable line with file:line.
#pragma once

#include <optional>
#include <string>

namespace grader {

struct Diagnostic {
  std::string file;  // as the compiler printed it; empty for linker errors without a source
  int line = 0;
  std::string message;  // "'x' was not declared in this scope"
  std::string excerpt;  // the error line and the few lines of context that follow it
};

// The first "error:" of g++ or clang, else the first undefined reference or
// other linker error. Prefers an error inside `prefer_path` (the student's
// directory) over one elsewhere (a header the error surfaced in).
std::optional<Diagnostic> first_error(const std::string& output, const std::string& prefer_path);

}  // namespace grader
