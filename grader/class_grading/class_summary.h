// After a batch: how the class did, exercise by exercise. A few lines of
// text for the terminal, and two plots beside the gradebook (SVG, drawn by
// gnuplot from data files this writes):
//
//   OUT/scores.svg    students per score band (0-9, 10-19, ..., 100)
//   OUT/speedup.svg   where speed was measured: the code's speed relative
//                     to the reference (reference time / its time), and its
//                     own speedup on every core against one core
//
// The data and the gnuplot script stay in OUT/summary/, so that a machine
// without gnuplot can render them elsewhere.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "gradebook.h"

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

// The histogram as a gnuplot data file: a comment header, then one line
// per band, its label quoted, then the counts.
std::string histogram_data(const Histogram& histogram, const std::string& title);

// Writes OUT/summary/{scores,relative_speed,own_speedup}.dat and summary.gp
// (which writes ../scores.svg and ../speedup.svg when run in OUT/summary/).
// Returns the summary's text: per exercise, mean, median, range and full
// marks, and the median speeds where measured.
std::string write_class_summary(const std::filesystem::path& out, const std::vector<StudentResult>& results,
                                const std::vector<std::string>& exercise_ids);

// Runs `gnuplot` (a name on PATH or a path) on OUT/summary/summary.gp.
// Returns what happened, for the terminal: the plots written, or why not
// and the command that renders them later.
std::string render_class_summary(const std::filesystem::path& out, const std::string& gnuplot = "gnuplot");

}  // namespace grader
