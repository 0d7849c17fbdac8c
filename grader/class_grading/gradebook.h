// A class's grades: one result file per finished student (what `grader
// batch` resumes from) and the gradebook made from them, as CSV for a
// spreadsheet and JSON for scripts.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace grader {

// One exercise of one student, as the gradebook and the class summary need it.
struct ExerciseGrade {
  std::string id;  // "01"
  double score = 0;
  double max_score = 0;
  std::string status;  // the report's: "pass", "fail", "build_error", "not_implemented"
  // From the report's performance figures; 0 where speed was not measured.
  double student_ns = 0;
  double reference_ns = 0;
  double one_core_ns = 0;  // the student's code pinned to one core
};

// How a student's grading in a batch ended. Resuming decides on this, never
// on the words; the words (the gradebook's status column, the result
// file's "status") are made and read back by the two functions below only.
enum class BatchStatus {
  kGraded,          // "graded"
  kGraderFailed,    // "grader failed: DETAIL": could not run (a crash, a machine left without a library)
  kTimedOut,        // "timed out DETAIL" ("after 60 min (see logs/ana.log)")
  kNotASubmission,  // "not a submission: DETAIL" (roster.h says why)
};

// The status column's words for `status` and its detail.
std::string status_words(BatchStatus status, const std::string& detail);

// `words` read back. Words no batch wrote are a grader failure quoting them,
// so such a student is tried again.
std::pair<BatchStatus, std::string> status_from_words(const std::string& words);

struct StudentResult {
  std::string student;
  // Exercises graded before a failure keep their scores.
  BatchStatus status = BatchStatus::kGraded;
  std::string detail;  // what went wrong (see BatchStatus); empty when graded
  double seconds = 0;  // how long grading took
  std::vector<ExerciseGrade> exercises;

  double total() const;                                     // the sum of the exercises' scores
  const ExerciseGrade* grade(const std::string& id) const;  // nullptr: exercise `id` was not graded
  std::string status_text() const { return status_words(status, detail); }
};

// "total 78.7 (01 78.7, 02 0)", as progress lines show a student's row.
std::string score_summary(const StudentResult& result);

// The exercises of a report.json (`grader grade --json`), in its order.
// Throws nlohmann::json::exception when the report is not one.
std::vector<ExerciseGrade> grades_from_report(const nlohmann::json& report);

nlohmann::json to_json(const StudentResult& result);
// Throws nlohmann::json::exception (std::invalid_argument for another
// version) when `j` is not a result.
StudentResult student_result_from_json(const nlohmann::json& j);

// OUT/results/<student>.json: written once a student's grading ended,
// whatever its outcome, so that the gradebook has the student's row.
std::filesystem::path result_file(const std::filesystem::path& out, const std::string& student);

// OUT/results/<student>.json read back; std::nullopt when it is missing or
// not whole (a result `grader batch` did not write).
std::optional<StudentResult> read_result(const std::filesystem::path& file);

// Whether a result is final: a grade, or a grading that ran out of time
// (another try would cost as much again). A grading that could not run
// (BatchStatus::kGraderFailed) or a directory that was no submission is
// tried again by the next run, once the instructor has fixed what its
// status says.
bool is_final(const StudentResult& result);

// Whether the student's result file exists, reads back and is final: the
// student is finished, and a rerun leaves it alone.
bool is_finished(const std::filesystem::path& out, const std::string& student);

// Every result under OUT/results/, by student name. Files that do not read
// back (never one `grader batch` wrote whole) are skipped and named in `unreadable`.
std::vector<StudentResult> read_results(const std::filesystem::path& out,
                                        std::vector<std::string>* unreadable = nullptr);

// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
std::string csv_field(const std::string& text);

// Columns: student, one per exercise id (its score; empty when not graded),
// total, status. One row per result, in the order given.
std::string gradebook_csv(const std::vector<StudentResult>& results, const std::vector<std::string>& exercise_ids);
nlohmann::json gradebook_json(const std::vector<StudentResult>& results, const std::vector<std::string>& exercise_ids);

// The gradebook's columns: `selected` and every exercise some result holds, sorted.
std::vector<std::string> gradebook_exercises(const std::vector<StudentResult>& results,
                                             const std::vector<std::string>& selected);

// Held while anything made from OUT/results/ is rewritten (the gradebook,
// the class summary): an flock on OUT/gradebook.lock, which every process
// and thread takes through a descriptor of its own, and the kernel drops
// when its holder dies.
class GradebookLock {
 public:
  explicit GradebookLock(const std::filesystem::path& out);  // waits for it; throws GradingError
  ~GradebookLock();
  GradebookLock(const GradebookLock&) = delete;
  GradebookLock& operator=(const GradebookLock&) = delete;

 private:
  int fd_ = -1;
};

// Rewrites OUT/gradebook.csv and OUT/gradebook.json from OUT/results/, each
// atomically and under the GradebookLock, so that shards
// writing into one OUT never interleave and a reader (or a kill -9) only
// ever meets a whole gradebook. Returns the results it was made from.
std::vector<StudentResult> write_gradebook(const std::filesystem::path& out, const std::vector<std::string>& selected);

}  // namespace grader
