// Which exercises a command grades, from what the user typed: the one
// reading of `--exercise`, shared by `grade` and `batch` (and so by every
// child grader and Slurm task a batch starts).
#pragma once

#include <string>
#include <vector>

#include "toolchain.h"

namespace grader {

// The ids ("01") of the exercises `wanted` names, each once, in the
// course's order (ascending id); every exercise when `wanted` is empty.
// "01", "1", "001", "01_concurrent_tasks" and "concurrent_tasks" all name
// exercise 01. Throws GradingError naming the course's exercises when one
// names none (a number too large for any id included).
std::vector<std::string> resolve_exercises(const Toolchain& toolchain, const std::vector<std::string>& wanted);

}  // namespace grader
