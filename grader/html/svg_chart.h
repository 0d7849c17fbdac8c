// The course's charts as inline SVG: a line chart (a speedup curve) and a
// grouped bar chart (one core against all cores, a class's score bands).
// One way to draw for every HTML page the grader writes (a student's
// report.html, a batch's index.html): no plotting program, no script, and
// the page reads the same on a phone (the SVG scales to its width).
//
// Every label goes through html_text(); figures through svg_number(), so a
// NaN or an infinite ratio draws nothing instead of breaking the markup.
// Pure functions, thread-safe.
#pragma once

#include <string>
#include <vector>

namespace grader {

struct ChartPoint {
  double x = 0, y = 0;
  double low = 0, high = 0;  // a whisker from low to high when high > low
  bool marked = false;       // drawn hollow, with `note` in its tooltip (a disturbed measurement)
  std::string note;
};

struct ChartSeries {
  std::string name;  // in the legend, and the points' data-series attribute
  std::vector<ChartPoint> points;
  bool dashed = false;  // a line of reference (the ideal), drawn without points
};

struct LineChart {
  std::string title;
  std::string x_label, y_label;
  std::vector<ChartSeries> series;
  double x_marker = 0;  // a vertical line at this x (the usable cores); 0: none
  std::string x_marker_label;
};

// An <svg class="chart line-chart"> with one <circle data-series="NAME">
// per point of every series that is not dashed.
std::string render_line_chart(const LineChart& chart);

struct BarGroup {
  std::string label;
  std::vector<double> values;  // one per series; negative or not finite: drawn as 0
};

struct BarChart {
  std::string title;
  std::string value_label;          // the y axis: "ms", "students"
  std::vector<std::string> series;  // the legend
  std::vector<BarGroup> groups;     // along the x axis
  bool value_on_bar = true;         // print each bar's value above it
};

// An <svg class="chart bar-chart"> with one <rect class="bar"> per value.
std::string render_bar_chart(const BarChart& chart);

// The fill of series i, the same in every chart of a page.
std::string series_colour(std::size_t i);

}  // namespace grader
