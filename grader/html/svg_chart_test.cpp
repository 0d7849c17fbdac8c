#include "svg_chart.h"

#include <cmath>

#include <gtest/gtest.h>

namespace grader {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(LineChart, OnePointPerValueOfEachSolidSeriesAndWhiskersOnlyWithASpread) {
  LineChart chart{.title = "Speedup", .x_marker = 2, .x_marker_label = "2 usable cores"};
  chart.series.push_back({.name = "yours", .points = {{.x = 1, .y = 1}, {.x = 2, .y = 1.8, .low = 1.6, .high = 1.9}}});
  chart.series.push_back({.name = "reference", .points = {{.x = 1, .y = 1}, {.x = 2, .y = 1.9, .marked = true}}});
  chart.series.push_back({.name = "ideal", .points = {{.x = 1, .y = 1}, {.x = 2, .y = 2}}, .dashed = true});
  std::string svg = render_line_chart(chart);
  EXPECT_EQ(count(svg, "data-series=\"yours\""), 2u);
  EXPECT_EQ(count(svg, "data-series=\"reference\""), 2u);
  EXPECT_EQ(count(svg, "data-series=\"ideal\""), 0u);
  EXPECT_EQ(count(svg, "class=\"whisker\""), 1u);
  EXPECT_EQ(count(svg, "class=\"disturbed\""), 1u);
  EXPECT_EQ(count(svg, "class=\"cores-marker\""), 1u);
}

TEST(LineChart, HostileLabelsAndNonFiniteFiguresCannotBreakTheMarkup) {
  LineChart chart{.title = "<b>t</b>"};
  chart.series.push_back({.name = "\"><script>", .points = {{.x = NAN, .y = INFINITY}}});
  std::string svg = render_line_chart(chart);
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  EXPECT_EQ(svg.find("inf"), std::string::npos);
}

TEST(BarChart, OneBarPerValue) {
  BarChart chart{.title = "bands", .series = {"01", "02"}, .groups = {{"0-9", {1, 0}}, {"100", {3, 2}}}};
  std::string svg = render_bar_chart(chart);
  EXPECT_EQ(count(svg, "class=\"bar\""), 4u);
  EXPECT_NE(svg.find(">100<"), std::string::npos);
}

}  // namespace
}  // namespace grader
