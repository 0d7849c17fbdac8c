// The rubric applied to what happened: one check per rubric test, then
// race-freedom and no-timeouts. Every lost point gets a message.
//
// Race-freedom and no-timeouts are earned in proportion to the correctness
// points earned: code that does not run (a stub) or fails its tests has not
// shown that it is race-free or that it never hangs.
//
// Thread-safety: pure functions, safe from any thread.
#pragma once

#include <vector>

#include "explain.h"
#include "report.h"
#include "rubric.h"
#include "test_process.h"

namespace grader {

std::vector<Check> score_tests(const Rubric& rubric, const std::vector<TestOutcome>& outcomes, const SourceDirs& dirs);

// The exercise's status from its checks: kPass (every point), kNotImplemented
// (every test hit a stub), else kFail.
ExerciseStatus exercise_status(const std::vector<TestOutcome>& outcomes, const std::vector<Check>& checks);

}  // namespace grader
