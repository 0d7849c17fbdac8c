// Runs a parsed subcommand (command.h) and turns what it throws into the
// grader's words and exit status, the one place that does:
//   GradingError          "grader: cannot DOING: WHAT" (WHAT says what to do), status 2
//   filesystem_error      the same, and what to check, status 2
//   any other exception   "grader: cannot DOING (an error in the grader itself,
//                         please report it): WHAT", status 2
// A batch reads a child grader's last "grader: " line into the student's
// status, so these lines start with it.
#pragma once

#include <cstdio>

#include "command.h"

namespace grader {

constexpr int kCannotRun = 2;

int run_command(const Command& command, std::FILE* errors = stderr);

}  // namespace grader
