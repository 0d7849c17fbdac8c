// A timeline of the submission's own threads (a Chrome Trace Event JSON the
// grader wrote, report.h's ExerciseResult::timeline_file) as inline SVG:
// one chart per run drawn (one process id: "on one core", "on all cores"),
// one lane per thread, one bar per span from its start to its end,
// coloured by the CPU it ran on.
//
// The spans come from the submission's process, so the file is hostile
// input: parse_timeline() reads only the events it knows ("M" names, "X"
// spans), checks every field's type and range, and keeps at most kMaxRuns
// runs, kMaxLanes lanes a run and kMaxBars bars a lane (the rest counted
// in `dropped`). It never throws: a file it cannot use gives `error`.
// Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace grader {

struct TimelineBar {
  std::string name;
  double start_us = 0, duration_us = 0;
  int cpu = -1;  // -1: not said
};

struct TimelineLane {
  long long tid = 0;
  std::string name;  // "worker 1"; "thread <tid>" when the file names none
  std::vector<TimelineBar> bars;
};

struct TimelineRun {
  long long pid = 0;
  std::string name;  // "on one core (taskset -c 0)"
  std::vector<TimelineLane> lanes;
};

struct Timeline {
  std::vector<TimelineRun> runs;  // in the order of their first event
  std::size_t dropped = 0;        // events past a bound or malformed
  std::string error;              // "": usable
};

inline constexpr std::size_t kMaxTimelineBytes = 8 << 20;
inline constexpr std::size_t kMaxRuns = 8, kMaxLanes = 64, kMaxBars = 2000;

Timeline parse_timeline(std::string_view json_text);

// One <svg class="chart timeline" data-lanes="N"> per run, each lane a
// <g class="lane">, each bar a <rect class="span" data-cpu="C">.
std::string render_timeline(const Timeline& timeline);

}  // namespace grader
