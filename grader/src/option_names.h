// The names of the command-line options that one grader passes to another:
// a batch to its child `grader grade`, a Slurm submission to its tasks'
// `grader batch`. Both sides spell them from here, the CLI when it registers
// them and the parent when it renders a child's argv, so renaming one
// renames both (cli/child_argv_test.cpp parses each rendered argv back
// with the real command line).
#pragma once

namespace grader::option {

// `grader grade` (cli/grade_command.h) and, where said, `grader batch` too.
inline constexpr const char* kSubmission = "--submission";
inline constexpr const char* kExercise = "--exercise";    // grade and batch
inline constexpr const char* kToolchain = "--toolchain";  // grade and batch
inline constexpr const char* kWorkDir = "--work-dir";
inline constexpr const char* kJson = "--json";
inline constexpr const char* kHtml = "--html";
inline constexpr const char* kFormat = "--format";
inline constexpr const char* kOut = "--out";                   // grade and batch
inline constexpr const char* kJobs = "--jobs";                 // grade and batch
inline constexpr const char* kStress = "--stress";             // grade and batch
inline constexpr const char* kMachineLock = "--machine-lock";  // grade and batch
inline constexpr const char* kHidden = "--hidden";
inline constexpr const char* kTimeLimitScale = "--time-limit-scale";

// `grader batch` (class_grading/batch_command.h).
inline constexpr const char* kRoster = "--roster";
inline constexpr const char* kShard = "--shard";
inline constexpr const char* kStudentTimeout = "--student-timeout";

}  // namespace grader::option
