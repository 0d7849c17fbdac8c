#include "gradebook.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <optional>
#include <set>
#include <stdexcept>
#include <string_view>
#include <tuple>

#include <fmt/format.h>

#include "grading_error.h"
#include "json_text.h"
#include "points.h"
#include "text_files.h"

namespace grader {
namespace fs = std::filesystem;
using nlohmann::json;
namespace {

constexpr int kResultVersion = 1;

// 62.5 as "62.5", 100 as "100": how a spreadsheet reads them back.
std::string points_text(double points) { return fmt::format("{}", round_points(points)); }

}  // namespace

const ExerciseGrade* StudentResult::grade(const std::string& id) const {
  for (const auto& e : exercises)
    if (e.id == id) return &e;
  return nullptr;
}

namespace {

struct StatusWords {
  BatchStatus status;
  const char* prefix;  // the words, then the detail
};

// The one map between states and words.
constexpr StatusWords kStatusWords[] = {
    {BatchStatus::kGraderFailed, "grader failed: "},
    {BatchStatus::kTimedOut, "timed out "},
    {BatchStatus::kNotASubmission, "not a submission: "},
};

}  // namespace

std::string status_words(BatchStatus status, const std::string& detail) {
  for (const auto& w : kStatusWords)
    if (w.status == status) return w.prefix + detail;
  return "graded";
}

std::pair<BatchStatus, std::string> status_from_words(const std::string& words) {
  if (words == "graded") return {BatchStatus::kGraded, ""};
  for (const auto& w : kStatusWords)
    if (words.starts_with(w.prefix)) return {w.status, words.substr(std::string_view(w.prefix).size())};
  return {BatchStatus::kGraderFailed, words};
}

double StudentResult::total() const {
  double sum = 0;
  for (const auto& e : exercises) sum += round_points(e.score);
  return round_points(sum);
}

std::string score_summary(const StudentResult& result) {
  std::string scores;
  for (const auto& e : result.exercises) scores += fmt::format("{}{} {}", scores.empty() ? "" : ", ", e.id, e.score);
  return fmt::format("total {}", result.total()) + (scores.empty() ? "" : " (" + scores + ")");
}

std::vector<ExerciseGrade> grades_from_report(const json& report) {
  std::vector<ExerciseGrade> grades;
  for (const auto& e : report.at("exercises")) {
    ExerciseGrade g;
    g.id = e.at("id").get<std::string>();
    g.score = e.at("score").get<double>();
    g.max_score = e.at("max_score").get<double>();
    g.status = e.at("status").get<std::string>();
    if (e.contains("performance")) {
      const json& p = e.at("performance");
      g.student_ns = p.value("student_ns", 0.0);
      g.reference_ns = p.value("reference_ns", 0.0);
      g.one_core_ns = p.value("one_core_ns", 0.0);
    }
    grades.push_back(std::move(g));
  }
  return grades;
}

json to_json(const StudentResult& result) {
  json exercises = json::array();
  for (const auto& e : result.exercises)
    exercises.push_back({{"id", e.id},
                         {"score", round_points(e.score)},
                         {"max_score", round_points(e.max_score)},
                         {"status", e.status},
                         {"student_ns", e.student_ns},
                         {"reference_ns", e.reference_ns},
                         {"one_core_ns", e.one_core_ns}});
  return {{"version", kResultVersion}, {"student", result.student}, {"status", result.status_text()},
          {"seconds", result.seconds}, {"total", result.total()},   {"exercises", exercises}};
}

StudentResult student_result_from_json(const json& j) {
  if (j.at("version").get<int>() != kResultVersion)
    throw std::invalid_argument("a result of version " + dump_json(j.at("version")) + ", not " +
                                std::to_string(kResultVersion));
  StudentResult result;
  result.student = j.at("student").get<std::string>();
  std::tie(result.status, result.detail) = status_from_words(j.at("status").get<std::string>());
  result.seconds = j.at("seconds").get<double>();
  for (const auto& e : j.at("exercises"))
    result.exercises.push_back({e.at("id").get<std::string>(), e.at("score").get<double>(),
                                e.at("max_score").get<double>(), e.at("status").get<std::string>(),
                                e.at("student_ns").get<double>(), e.at("reference_ns").get<double>(),
                                e.at("one_core_ns").get<double>()});
  return result;
}

fs::path result_file(const fs::path& out, const std::string& student) { return out / "results" / (student + ".json"); }

std::optional<StudentResult> read_result(const fs::path& file) {
  try {
    return student_result_from_json(json::parse(read_file(file)));
  } catch (const std::exception&) {  // half a file, or not ours: not finished
    return std::nullopt;
  }
}

bool is_final(const StudentResult& result) {
  return result.status == BatchStatus::kGraded || result.status == BatchStatus::kTimedOut;
}

bool is_finished(const fs::path& out, const std::string& student) {
  std::optional<StudentResult> result = read_result(result_file(out, student));
  return result && result->student == student && is_final(*result);
}

std::vector<StudentResult> read_results(const fs::path& out, std::vector<std::string>* unreadable) {
  std::vector<StudentResult> results;
  std::error_code error;
  for (auto it = fs::directory_iterator(out / "results", error); !error && it != fs::directory_iterator();
       it.increment(error)) {
    // write_atomically's temporary files end in .tmp: never a result.
    if (it->path().extension() != ".json") continue;
    std::optional<StudentResult> result = read_result(it->path());
    if (result && result->student == it->path().stem().string()) results.push_back(std::move(*result));
    else if (unreadable) unreadable->push_back(it->path().string());
  }
  std::sort(results.begin(), results.end(),
            [](const StudentResult& a, const StudentResult& b) { return a.student < b.student; });
  return results;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string gradebook_csv(const std::vector<StudentResult>& results, const std::vector<std::string>& exercise_ids) {
  std::string csv = "student";
  for (const auto& id : exercise_ids) csv += "," + csv_field(id);
  csv += ",total,status\n";
  for (const auto& r : results) {
    csv += csv_field(r.student);
    for (const auto& id : exercise_ids) {
      const ExerciseGrade* g = r.grade(id);
      csv += "," + (g ? points_text(g->score) : std::string());
    }
    csv += "," + points_text(r.total()) + "," + csv_field(r.status_text()) + "\n";
  }
  return csv;
}

json gradebook_json(const std::vector<StudentResult>& results, const std::vector<std::string>& exercise_ids) {
  json max_scores = json::object();
  json students = json::array();
  std::size_t graded = 0;
  for (const auto& r : results) {
    json scores = json::object();
    for (const auto& id : exercise_ids) {
      const ExerciseGrade* g = r.grade(id);
      scores[id] = g ? json(round_points(g->score)) : json(nullptr);
      if (g) max_scores[id] = round_points(g->max_score);
    }
    graded += r.status == BatchStatus::kGraded;
    students.push_back({{"student", r.student},
                        {"scores", scores},
                        {"total", r.total()},
                        {"status", r.status_text()},
                        {"seconds", r.seconds},
                        {"report", "reports/" + r.student + ".json"},
                        {"text_report", "reports/" + r.student + ".txt"}});
  }
  return {{"version", 1},
          {"exercises", exercise_ids},
          {"max_scores", max_scores},
          {"students", students},
          {"counts", {{"students", results.size()}, {"graded", graded}, {"not_graded", results.size() - graded}}}};
}

std::vector<std::string> gradebook_exercises(const std::vector<StudentResult>& results,
                                             const std::vector<std::string>& selected) {
  std::set<std::string> ids(selected.begin(), selected.end());
  for (const auto& r : results)
    for (const auto& e : r.exercises) ids.insert(e.id);
  return {ids.begin(), ids.end()};
}

GradebookLock::GradebookLock(const fs::path& out) {
  fs::path file = out / "gradebook.lock";
  fd_ = open(file.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0666);
  if (fd_ < 0) throw GradingError("cannot open " + file.string() + ": " + std::strerror(errno));
  while (flock(fd_, LOCK_EX) != 0)
    if (errno != EINTR) {
      int e = errno;
      close(fd_);
      throw GradingError("cannot lock " + file.string() + ": " + std::strerror(e));
    }
}

GradebookLock::~GradebookLock() { close(fd_); }

std::vector<StudentResult> write_gradebook(const fs::path& out, const std::vector<std::string>& selected) {
  GradebookLock lock(out);
  std::vector<StudentResult> results = read_results(out);
  std::vector<std::string> ids = gradebook_exercises(results, selected);
  write_atomically(out / "gradebook.csv", gradebook_csv(results, ids));
  write_atomically(out / "gradebook.json", dump_json(gradebook_json(results, ids), 2) + "\n");
  return results;
}

}  // namespace grader
