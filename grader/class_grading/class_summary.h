// After a batch: how the class did, exercise by exercise. A few lines of
// text for the terminal, and the plots, drawn as a student's report draws
// its charts (html/svg_chart.h: one way to draw, no plotting program), each
// an SVG file beside the gradebook and a chart in OUT/index.html:
//
//   scores.svg          students per score band (0-9, 10-19, ..., 100)
//   relative_speed.svg  where speed was measured: the code's speed relative
//                       to the reference (reference time / its time)
//   own_speedup.svg     and its own speedup, every core against one core
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "gradebook.h"
#include "svg_chart.h"

namespace grader {

// One histogram: a label per band, and per exercise the count in each band.
struct Histogram {
  std::vector<std::string> bands;        // "0-9", ..., "100"
  std::vector<std::string> exercises;    // the columns
  std::vector<std::vector<int>> counts;  // counts[band][exercise]
};

// Scores in bands of ten points (of the exercise's maximum), full marks apart.
Histogram score_histogram(const std::vector<StudentResult>& results, const std::vector<std::string>& exercise_ids);

// Reference time over the student's time, in bands of 0.1 up to 1.5 (a last
// band for anything faster). Only exercises where speed was measured.
Histogram relative_speed_histogram(const std::vector<StudentResult>& results,
                                   const std::vector<std::string>& exercise_ids);

// One-core time over the student's all-core time, in bands of 0.25 up to
// the largest speedup seen (at least 2).
Histogram own_speedup_histogram(const std::vector<StudentResult>& results,
                                const std::vector<std::string>& exercise_ids);

// The histogram as a bar chart: a group per band, a bar per exercise.
BarChart histogram_chart(const Histogram& histogram, const std::string& title);

// The class's plots: scores always; relative speed and own speedup only
// where some speed was measured. `file` is the name beside the gradebook.
struct ClassPlot {
  std::string file;
  BarChart chart;
};
std::vector<ClassPlot> class_plots(const std::vector<StudentResult>& results,
                                   const std::vector<std::string>& exercise_ids);

// Writes each of class_plots() as OUT/<file>, replacing it atomically.
// Returns the summary's text: per exercise, mean, median, range and full
// marks, and the median speeds where measured; then the plots' paths.
std::string write_class_summary(const std::filesystem::path& out, const std::vector<StudentResult>& results,
                                const std::vector<std::string>& exercise_ids);

}  // namespace grader
