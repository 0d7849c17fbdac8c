// Thrown when grading itself cannot run: the course or the machine is at
// fault, never the student. The message says what to fix; `make check`
// exits with status 2.
#pragma once

#include <stdexcept>
#include <string>

namespace grader {

class GradingError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace grader
