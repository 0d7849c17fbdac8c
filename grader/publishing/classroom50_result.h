// The report as Classroom 50 reads it (foundation50/classroom50, the
// successor of GitHub Classroom, whose service ended on 2026-08-28): the
// `result.json` of its v1 contract (wiki/Advanced-Autograding.md, "The
// result.json contract") and the `release-body.md` a student reads on the
// submission's Release. Both are rendered from the same Report as the
// terminal's, so they show the points `make check` shows.
//
// The contract wants integers (runner.py and collect_scores.py reject any
// other `score`), and the course's points go to a tenth: result.json counts
// in tenths of a point, kClassroom50Scale to a point. A check of 10.4 of 15
// points is `"score": 104, "max-score": 150`; the reference's 400 points are
// 4000. The points themselves ride along as extra fields ("points",
// "max_points"), which the contract keeps verbatim.
//
// One entry per check (a build that worked, worth nothing, is left out, as in
// every format), named "ex02 / race-free", with
//   passed   true when the check earned points (or, worth nothing, found
//            nothing wrong). A check that earned some but not all of its
//            points is `passed` and its "message" starts with "partial:";
//            its "status" is report.json's word ("partial" once the grader
//            says it, "pass" before): a check scaled with correctness is not
//            a failure, and a student must not read it as "a race was found".
//   message  the grader's explanation, bounded; "file" and "line": where to
//            look.
// An exercise whose checks do not add up to its points (one that did not
// build has no performance check) gets one more entry, "exNN / not graded",
// holding the rest, so that `max-score` is the exercise's points and every
// total is the sum of its tests, as the contract says.
//
// Pure functions of their arguments, thread-safe; nothing here throws but
// std::bad_alloc. Every byte a submission printed is made valid UTF-8 by
// dump_json() (JSON) and inert in Markdown by a code fence longer than any
// run of backticks inside it.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report.h"

namespace grader {

inline constexpr int kClassroom50Scale = 10;  // result.json's integers are tenths of a point

// The identity fields of result.json, from the environment runner.py gives an
// autograder (CLASSROOM, ASSIGNMENT, SUBMISSION_TAG, OWNER or USERNAME,
// ASSIGNMENT_TYPE, COMMIT_URL, RELEASE_URL, REVIEW_URL). runner.py stamps
// owner, assignment_type and datetime itself afterwards; they are written so
// that the file is whole without it.
struct Classroom50Identity {
  std::string classroom;
  std::string assignment;
  std::string owner;
  std::string assignment_type = "individual";
  std::string submission;
  std::string commit;
  std::string release;
  std::string review;    // empty: the commit's URL, as the contract's templates do
  std::string datetime;  // UTC, 2026-06-01T14:32:01Z
};

// Reads the variables named above; the time is now. Missing ones are empty:
// runner.py refuses such a result with a clear message, which is where it
// belongs (an autograder run by hand still gets a file to read).
Classroom50Identity classroom50_identity_from_environment();

// A check's points in result.json's integers.
int classroom50_points(double points);

nlohmann::json to_classroom50(const Report& report, const Classroom50Identity& identity);

// The Markdown of the Release: total, a table of the checks, then what went
// wrong in each check that lost points, and whether the submission ran
// without the sandbox. At most about kMaxReleaseBodyBytes.
std::string classroom50_release_body(const Report& report);
inline constexpr std::size_t kMaxReleaseBodyBytes = 100 << 10;  // GitHub's limit is 125,000 characters

// What the autograder leaves in the student's checkout for the teacher to
// attach to the Release (the assignment's `release_assets`): each file, as a
// path relative to the checkout, and the `grader grade` option that writes
// it. The one list: `grader classroom50` prints the paths for the teacher and
// writes both for autograder.py, which passes each option with its path. (A
// new report file is one more entry here.)
struct Classroom50Asset {
  std::string path;           // "report.json"
  std::string grader_option;  // "--json"
};
const std::vector<Classroom50Asset>& classroom50_release_assets();

}  // namespace grader
