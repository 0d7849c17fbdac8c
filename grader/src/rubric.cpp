#include "rubric.h"

#include <cmath>
#include <fstream>
#include <iterator>
#include <optional>

#include <nlohmann/json.hpp>

#include "grading_error.h"
#include "template_origin.h"

namespace grader {

double Rubric::correctness_points() const {
  double sum = 0;
  for (const auto& t : tests) sum += t.points;
  return sum;
}

double Rubric::total() const {
  return correctness_points() + race_free_points + no_timeouts_points + performance.points;
}

namespace {

nlohmann::json parse_json(const std::string& text, const std::string& name) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw GradingError("the rubric " + name + " is malformed: " + e.what());
  }
}

std::string read_rubric_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw GradingError("cannot read the rubric " + file.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

nlohmann::json read_json(const std::filesystem::path& file) {
  return parse_json(read_rubric_file(file), file.string());
}

void read_tests(const nlohmann::json& j, Rubric& rubric) {
  rubric.exercise = j.at("exercise").get<std::string>();
  rubric.test_timeout_seconds = j.value("test_timeout_seconds", 30);
  for (const auto& t : j.at("tests"))
    rubric.tests.push_back({t.at("name").get<std::string>(), t.at("points").get<double>(), t.value("checks", ""),
                            t.value("timeout_seconds", 0)});
}

}  // namespace

Rubric load_hidden_rubric(const std::filesystem::path& file) {
  nlohmann::json j = read_json(file);
  Rubric rubric;
  try {
    read_tests(j, rubric);
    rubric.title = j.value("title", "hidden tests");
    if (j.contains("race_free")) rubric.race_free_points = j["race_free"].at("points").get<double>();
    if (j.contains("no_timeouts")) rubric.no_timeouts_points = j["no_timeouts"].at("points").get<double>();
  } catch (const nlohmann::json::exception& e) {
    throw GradingError("the rubric " + file.string() + " is malformed: " + e.what());
  }
  if (rubric.tests.empty()) throw GradingError("the rubric " + file.string() + " lists no tests");
  return rubric;
}

Rubric load_rubric(const std::filesystem::path& file) {
  return load_rubric_text(read_rubric_file(file), file.string());
}

Rubric course_rubric(const std::filesystem::path& course_root, const std::string& exercise_dir) {
  const std::string relative = "exercises/" + exercise_dir + "/rubric.json";
  if (std::optional<TemplateOrigin> origin = template_origin(course_root))
    if (std::optional<std::string> given = file_at_origin(*origin, relative))
      return load_rubric_text(*given, relative + " (as the template's first commit holds it)");
  return load_rubric(course_root / relative);
}

Rubric load_rubric_text(const std::string& text, const std::string& file) {
  nlohmann::json j = parse_json(text, file);
  Rubric rubric;
  try {
    read_tests(j, rubric);
    rubric.title = j.at("title").get<std::string>();
    rubric.race_free_points = j.at("race_free").at("points").get<double>();
    rubric.no_timeouts_points = j.at("no_timeouts").at("points").get<double>();
    if (j.contains("performance")) {
      const auto& p = j["performance"];
      PerformanceRubric& perf = rubric.performance;
      perf.points = p.at("points").get<double>();
      perf.benchmark = p.value("benchmark", perf.benchmark);
      perf.curve = p.value("curve", "");
      perf.baseline = p.value("baseline", "");
      perf.counters = p.value("counters", std::vector<std::string>{});
      perf.full_at = p.value("full_at", perf.full_at);
      perf.zero_at = p.value("zero_at", perf.zero_at);
      perf.score_iterations = p.value("score_iterations", perf.score_iterations);
    }
  } catch (const nlohmann::json::exception& e) {
    throw GradingError("the rubric " + file + " is malformed: " + e.what());
  }
  if (std::abs(rubric.total() - 100) > 1e-6)
    throw GradingError("the rubric " + file + " totals " + std::to_string(rubric.total()) + " points instead of 100");
  return rubric;
}

}  // namespace grader
