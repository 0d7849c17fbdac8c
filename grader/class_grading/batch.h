// `grader batch`: grades a whole class, one student's submission at a time
// (or --jobs at once), each by the grader itself in a child process, so
// that a crash or a hang costs only that student.
//
//   OUT/results/<student>.json   the student's row, written atomically once its
//                                grading ended: finished when it is final (gradebook.h)
//   OUT/gradebook.csv, .json     made from results/ after every student
//   OUT/reports/<student>.json   the full report, and .txt, the terminal's
//   OUT/logs/<student>.log       the child grader's own output
//   OUT/work/<student>/          builds and logs, kept: a rerun reuses them
//   OUT/scores.svg, speedup.svg  the class summary (data in OUT/summary/)
//
// Killed at any moment, the same command resumes: finished students are
// skipped, unfinished ones graded again in their work directory (their
// compiled objects reused), and so are those whose grading could not run.
// Child graders die with the batch.
//
// With --slurm, the students are graded by a Slurm job array instead, each
// task a `grader batch --shard I/N` of its own (slurm_batch.h).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <chrono>
#include <functional>

#include "gradebook.h"
#include "roster.h"
#include "slurm_batch.h"

namespace grader {

struct BatchCommand {
  std::filesystem::path roster;  // one subdirectory per student
  std::filesystem::path out;
  std::vector<std::string> exercises;  // as `grade --exercise` takes them; empty: all
  unsigned jobs = 1;                   // students graded at once
  std::string shard = "0/1";           // "I/N": this run grades students k with k mod N == I
  std::filesystem::path toolchain;     // course_toolchain.json
  std::filesystem::path machine_lock;  // empty: one per machine in the temporary directory
  unsigned student_minutes = 0;        // wall-clock limit per student; 0: 20 per exercise
  std::optional<unsigned> stress;      // `grade --stress` for every student; unset: grade's default
  bool slurm = false;                  // grade on a Slurm cluster instead of here
  SlurmOptions slurm_options;
};

// A batch as its students are graded: every path absolute, the exercises resolved.
struct BatchRun {
  std::filesystem::path grader;  // the program a child grader runs: this one, as /proc/<pid>/exe
  std::filesystem::path toolchain;
  std::filesystem::path out;
  std::filesystem::path machine_lock;
  std::vector<std::string> ids;   // resolve_exercises()'s
  unsigned child_jobs = 1;        // tests each child runs at once
  std::chrono::minutes limit{0};  // one student's grading
  std::optional<unsigned> stress;
};

// Grades one student (whose roster problem is empty) and says how it ended;
// throws only when the batch itself cannot go on (a full disk, say). The
// seam of run_batch: its unit tests grade in a millisecond.
using GradeStudent = std::function<StudentResult(const BatchRun& run, const Student& student)>;

// The real one: a child `grader grade` (grade_child_argv) that dies with the
// batch, its report moved to OUT/reports/ and its end read into a status.
StudentResult grade_in_child(const BatchRun& run, const Student& student);

// The child's command line, its options spelled from option_names.h.
std::vector<std::string> grade_child_argv(const BatchRun& run, const Student& student);

// `grader batch ...` as each Slurm task runs it (the job script adds
// --shard): the same options, every path absolute.
std::vector<std::string> slurm_task_argv(const BatchCommand& command, const BatchRun& run,
                                         const std::filesystem::path& program, const std::filesystem::path& roster);

// Exit status: 0 when every student of the shard was graded, 1 when some
// could not be (the gradebook's status column says why, or, on Slurm, the
// task that left them). Throws GradingError when the batch cannot run.
int run_batch(const BatchCommand& command, const GradeStudent& grade = grade_in_child);

}  // namespace grader
