#include "class_summary.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include <fmt/format.h>

#include "subprocess.h"
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

int largest_count(const Histogram& h) {
  int most = 0;
  for (const auto& row : h.counts)
    for (int c : row) most = std::max(most, c);
  return most;
}

std::string plot_command(const Histogram& h, const std::string& data_file) {
  std::string plot = "plot";
  for (std::size_t e = 0; e < h.exercises.size(); ++e)
    plot += fmt::format("{} '{}' using {}{} title \"exercise {}\"", e == 0 ? "" : ",", e == 0 ? data_file : "", e + 2,
                        e == 0 ? ":xtic(1)" : "", h.exercises[e]);
  return plot + "\n";
}

// Whole students on the y axis: a tic per student while there are few.
std::string y_tics(const Histogram& h) { return largest_count(h) <= 10 ? "set ytics 1\n" : "set ytics autofreq\n"; }

std::string gnuplot_script(const Histogram& scores, const Histogram& speed, const Histogram& speedup) {
  std::string gp = "# The class summary's plots. Render them with: cd OUT/summary && gnuplot summary.gp\n"
                   "set terminal svg size 900,480 dynamic enhanced font 'Sans,12' background rgb 'white'\n"
                   "set style data histograms\n"
                   "set style histogram clustered gap 1\n"
                   "set style fill solid 0.85 border -1\n"
                   "set yrange [0:*]\n"
                   "set offsets 0, 0, 1, 0\n"  // a student's height of room above the tallest bar
                   "set grid ytics\n"
                   "set key outside right top\n"
                   "set ylabel 'students'\n"
                   "set output '../scores.svg'\n"
                   "set title 'Scores: students per band of points'\n"
                   "set xlabel 'points (of 100)'\n" +
                   y_tics(scores) + plot_command(scores, "scores.dat");
  if (speed.exercises.empty()) return gp + "# No speed was measured, so there is no speedup.svg.\n";
  gp += "set output '../speedup.svg'\n"
        "set terminal svg size 1400,520 dynamic enhanced font 'Sans,12' background rgb 'white'\n"
        "set multiplot layout 1,2\n"
        "set xtics rotate by -45\n"
        "set title 'Speed relative to the reference (reference time / student time)'\n"
        "set xlabel 'times the reference speed'\n" +
        y_tics(speed) + plot_command(speed, "relative_speed.dat") +
        "set title 'Own speedup: time on one core / time on every core'\n"
        "set xlabel 'speedup'\n" +
        y_tics(speedup) + plot_command(speedup, "own_speedup.dat") + "unset multiplot\n";
  return gp;
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

std::string histogram_data(const Histogram& h, const std::string& title) {
  std::string data = "# " + title + "\n# band";
  for (const auto& id : h.exercises) data += " " + id;
  data += "\n";
  for (std::size_t b = 0; b < h.bands.size(); ++b) {
    data += "\"" + h.bands[b] + "\"";
    for (int c : h.counts[b]) data += " " + std::to_string(c);
    data += "\n";
  }
  return data;
}

std::string write_class_summary(const fs::path& out, const std::vector<StudentResult>& results,
                                const std::vector<std::string>& exercise_ids) {
  const fs::path dir = out / "summary";
  fs::create_directories(dir);
  Histogram scores = score_histogram(results, exercise_ids);
  Histogram speed = relative_speed_histogram(results, exercise_ids);
  Histogram speedup = own_speedup_histogram(results, exercise_ids);
  write_atomically(dir / "scores.dat", histogram_data(scores, "students per band of points, by exercise"));
  write_atomically(dir / "relative_speed.dat",
                   histogram_data(speed, "students per band of speed relative to the reference (reference time / "
                                         "student time), by exercise"));
  write_atomically(dir / "own_speedup.dat",
                   histogram_data(speedup, "students per band of own speedup (one-core time / all-core time), "
                                           "by exercise"));
  write_atomically(dir / "summary.gp", gnuplot_script(scores, speed, speedup));

  std::size_t graded = 0;
  for (const auto& r : results) graded += r.status == BatchStatus::kGraded;
  std::string text = fmt::format("Class summary: {} students, {} graded", results.size(), graded);
  if (graded < results.size())
    text += fmt::format(" ({} not: see their status in the gradebook)", results.size() - graded);
  text += "\n";
  for (const auto& id : exercise_ids) text += exercise_line(results, id);
  return text;
}

std::string render_class_summary(const fs::path& out, const std::string& gnuplot) {
  const fs::path dir = out / "summary";
  const std::string later = "render them with: cd " + dir.string() + " && gnuplot summary.gp";
  ProcessSpec spec;
  spec.argv = {gnuplot, "summary.gp"};
  spec.cwd = dir;
  spec.stdout_file = dir / "gnuplot.log";
  spec.timeout = std::chrono::seconds(60);
  const ProcessResult run = run_tool(spec).process;
  if (!run.started)
    return "Plots not drawn: gnuplot is not installed (Debian: apt-get install gnuplot-nox). The data is in " +
           dir.string() + "; " + later + "\n";
  if (run.exit_code != 0)
    return "Plots not drawn: gnuplot failed (see " + (dir / "gnuplot.log").string() + "); " + later + "\n";
  std::string plots = (out / "scores.svg").string();
  if (fs::exists(out / "speedup.svg")) plots += ", " + (out / "speedup.svg").string();
  return "Plots: " + plots + "\n";
}

}  // namespace grader
