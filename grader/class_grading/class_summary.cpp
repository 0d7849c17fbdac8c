#include "class_summary.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include <fmt/format.h>

#include "svg_chart.h"
#include "text_files.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

std::optional<double> relative_speed(const ExerciseGrade& g) {
  if (g.student_ns > 0 && g.reference_ns > 0) return g.reference_ns / g.student_ns;
  return std::nullopt;
}

std::optional<double> own_speedup(const ExerciseGrade& g) {
  if (g.student_ns > 0 && g.one_core_ns > 0) return g.one_core_ns / g.student_ns;
  return std::nullopt;
}

using Measure = std::function<std::optional<double>(const ExerciseGrade&)>;

std::vector<double> values_of(const std::vector<StudentResult>& results, const std::string& id,
                              const Measure& measure) {
  std::vector<double> values;
  for (const auto& r : results)
    if (const ExerciseGrade* g = r.grade(id))
      if (std::optional<double> v = measure(*g)) values.push_back(*v);
  std::sort(values.begin(), values.end());
  return values;
}

double median(const std::vector<double>& sorted) {
  std::size_t n = sorted.size();
  return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

// 0.3 rather than 0.30000000000000004, 1 rather than 1.0.
std::string bound(double x) { return fmt::format("{}", std::round(x * 100) / 100); }

// Bands of `width` from 0 to `top`, and a last one for `top` and above.
Histogram banded(const std::vector<StudentResult>& results, const std::vector<std::string>& exercise_ids,
                 const Measure& measure, double width, double top) {
  Histogram h;
  int bands = static_cast<int>(std::lround(top / width));
  for (int b = 0; b < bands; ++b) h.bands.push_back(bound(b * width) + "-" + bound((b + 1) * width));
  h.bands.push_back(bound(top) + "+");
  h.counts.assign(h.bands.size(), {});
  for (const auto& id : exercise_ids) {
    std::vector<double> values = values_of(results, id, measure);
    if (values.empty()) continue;
    h.exercises.push_back(id);
    for (auto& row : h.counts) row.push_back(0);
    // The epsilon keeps 0.8 out of band 0.7-0.8 (0.8 / 0.1 is 7.999...).
    for (double v : values) ++h.counts[std::clamp(static_cast<int>(std::floor(v / width + 1e-9)), 0, bands)].back();
  }
  return h;
}

std::string exercise_line(const std::vector<StudentResult>& results, const std::string& id) {
  std::vector<double> scores;
  int full = 0;
  for (const auto& r : results)
    if (const ExerciseGrade* g = r.grade(id)) {
      scores.push_back(g->score);
      full += g->score + 1e-9 >= g->max_score;
    }
  if (scores.empty()) return fmt::format("  {}  not graded yet\n", id);
  std::sort(scores.begin(), scores.end());
  double mean = 0;
  for (double s : scores) mean += s / static_cast<double>(scores.size());
  std::string line = fmt::format("  {}  mean {:.1f}  median {:.1f}  range {}-{}  full marks {} of {}", id, mean,
                                 median(scores), scores.front(), scores.back(), full, scores.size());
  std::vector<double> speed = values_of(results, id, relative_speed);
  std::vector<double> speedup = values_of(results, id, own_speedup);
  if (!speed.empty())
    line += fmt::format("; speed {:.2f}x the reference's (median of {})", median(speed), speed.size());
  if (!speedup.empty()) line += fmt::format(", own speedup {:.2f}x", median(speedup));
  return line + "\n";
}

}  // namespace

Histogram score_histogram(const std::vector<StudentResult>& results, const std::vector<std::string>& exercise_ids) {
  Histogram h;
  for (int b = 0; b < 10; ++b) h.bands.push_back(fmt::format("{}-{}", b * 10, b * 10 + 9));
  h.bands.push_back("100");
  h.exercises = exercise_ids;
  h.counts.assign(h.bands.size(), std::vector<int>(exercise_ids.size(), 0));
  for (const auto& r : results)
    for (std::size_t e = 0; e < exercise_ids.size(); ++e)
      if (const ExerciseGrade* g = r.grade(exercise_ids[e]); g && g->max_score > 0) {
        double percent = 100 * g->score / g->max_score;
        int band = percent + 1e-9 >= 100 ? 10 : std::clamp(static_cast<int>(std::floor(percent / 10)), 0, 9);
        ++h.counts[band][e];
      }
  return h;
}

Histogram relative_speed_histogram(const std::vector<StudentResult>& results,
                                   const std::vector<std::string>& exercise_ids) {
  return banded(results, exercise_ids, relative_speed, 0.1, 1.5);
}

Histogram own_speedup_histogram(const std::vector<StudentResult>& results,
                                const std::vector<std::string>& exercise_ids) {
  double most = 2;
  for (const auto& id : exercise_ids)
    for (double v : values_of(results, id, own_speedup)) most = std::max(most, v);
  // Bands stop at 8 (32 bands): beyond it the plot stops being readable.
  return banded(results, exercise_ids, own_speedup, 0.25, std::min(8.0, std::ceil(most)));
}

BarChart histogram_chart(const Histogram& h, const std::string& title) {
  BarChart chart{.title = title, .value_label = "students", .series = h.exercises};
  for (std::size_t b = 0; b < h.bands.size(); ++b) {
    BarGroup group{.label = h.bands[b]};
    for (int count : h.counts[b]) group.values.push_back(count);
    chart.groups.push_back(group);
  }
  return chart;
}

std::vector<ClassPlot> class_plots(const std::vector<StudentResult>& results,
                                   const std::vector<std::string>& exercise_ids) {
  std::vector<ClassPlot> plots = {{"scores.svg", histogram_chart(score_histogram(results, exercise_ids),
                                                                 "Scores per exercise (% of the maximum)")}};
  Histogram speed = relative_speed_histogram(results, exercise_ids);
  if (speed.exercises.empty()) return plots;  // no speed was measured
  plots.push_back(
      {"relative_speed.svg", histogram_chart(speed, "Speed relative to the reference (reference time / time)")});
  plots.push_back({"own_speedup.svg", histogram_chart(own_speedup_histogram(results, exercise_ids),
                                                      "Own speedup (time on one core / time on every core)")});
  return plots;
}

std::string write_class_summary(const fs::path& out, const std::vector<StudentResult>& results,
                                const std::vector<std::string>& exercise_ids) {
  std::string written;
  for (const ClassPlot& plot : class_plots(results, exercise_ids)) {
    // A file of its own opens in a browser or an editor as it is.
    write_atomically(out / plot.file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + render_bar_chart(plot.chart));
    written += (written.empty() ? "" : ", ") + (out / plot.file).string();
  }

  std::size_t graded = 0;
  for (const auto& r : results) graded += r.status == BatchStatus::kGraded;
  std::string text = fmt::format("Class summary: {} students, {} graded", results.size(), graded);
  if (graded < results.size())
    text += fmt::format(" ({} not: see their status in the gradebook)", results.size() - graded);
  text += "\n";
  for (const auto& id : exercise_ids) text += exercise_line(results, id);
  return text + "Plots: " + written + "\n";
}

}  // namespace grader
