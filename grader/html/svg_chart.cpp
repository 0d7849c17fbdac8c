#include "svg_chart.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "html_text.h"

namespace grader {
namespace {

constexpr double kWidth = 640, kHeight = 340;
constexpr double kLeft = 56, kRight = 16, kTop = 34, kBottom = 64;

double finite_or_zero(double v) { return std::isfinite(v) && v > 0 ? v : 0; }

// A round step for about `ticks` ticks up to `max`.
double tick_step(double max, int ticks) {
  if (max <= 0) return 1;
  double raw = max / ticks;
  double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (raw <= m * power) return m * power;
  return 10 * power;
}

std::string tick_label(double v) { return fmt::format("{:g}", std::round(v * 100) / 100); }

// The horizontal grid lines and their labels, from 0 to max (about five),
// at the heights `py` gives: the same on every chart.
template <typename ToY>
std::string y_grid(double max, ToY py) {
  std::string out;
  const double step = tick_step(max, 5);
  for (double y = 0; y <= max + 1e-9; y += step)
    out +=
        fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#e5e5e5\"/><text x=\"{3}\" y=\"{4}\" "
                    "font-size=\"11\" text-anchor=\"end\">{5}</text>\n",
                    svg_number(kLeft), svg_number(py(y)), svg_number(kWidth - kRight), svg_number(kLeft - 6),
                    svg_number(py(y) + 4), tick_label(y));
  return out;
}

std::string svg_open(const std::string& css_class, const std::string& title) {
  return fmt::format("<svg class=\"chart {}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\" "
                     "aria-label=\"{}\"><title>{}</title>\n<text x=\"{}\" y=\"20\" class=\"chart-title\" "
                     "font-size=\"15\" font-weight=\"bold\">{}</text>\n",
                     css_class, svg_number(kWidth), svg_number(kHeight), html_text(title, 512), html_text(title, 512),
                     svg_number(kLeft), html_text(title, 512));
}

std::string legend(const std::vector<std::string>& names, const std::vector<bool>& dashed) {
  std::string out;
  double x = kLeft;
  for (std::size_t i = 0; i < names.size(); ++i) {
    double y = kHeight - 14;
    if (dashed[i])
      out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#777\" stroke-dasharray=\"5 4\"/>",
                         svg_number(x), svg_number(y - 4), svg_number(x + 14), svg_number(y - 4));
    else
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/>", svg_number(x),
                         svg_number(y - 10), series_colour(i));
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>\n", svg_number(x + 18), svg_number(y),
                       html_text(names[i], 256));
    x += 28 + 7.0 * static_cast<double>(std::min<std::size_t>(names[i].size(), 40));
  }
  return out;
}

}  // namespace

std::string series_colour(std::size_t i) {
  static const char* const palette[] = {"#d9480f", "#1c7ed6", "#2b8a3e", "#862e9c",
                                        "#e67700", "#0b7285", "#5c940d", "#c2255c"};
  return palette[i % (sizeof palette / sizeof palette[0])];
}

std::string render_line_chart(const LineChart& chart) {
  double max_x = 1, max_y = 1;
  for (const auto& s : chart.series)
    for (const auto& p : s.points) {
      max_x = std::max(max_x, finite_or_zero(p.x));
      max_y = std::max({max_y, finite_or_zero(p.y), finite_or_zero(p.high)});
    }
  max_x = std::max(max_x, finite_or_zero(chart.x_marker));
  max_y *= 1.1;
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto px = [&](double x) { return kLeft + plot_w * finite_or_zero(x) / max_x; };
  auto py = [&](double y) { return kTop + plot_h * (1 - finite_or_zero(y) / max_y); };

  std::string out = svg_open("line-chart", chart.title);
  // Axes and grid.
  out += y_grid(max_y, py);
  double xstep = tick_step(max_x, 8);
  xstep = std::max(1.0, std::round(xstep));
  for (double x = xstep; x <= max_x + 1e-9; x += xstep)
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>\n", svg_number(px(x)),
                       svg_number(kTop + plot_h + 16), tick_label(x));
  out += fmt::format(
      "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#333\"/><line x1=\"{0}\" y1=\"{2}\" x2=\"{3}\" "
      "y2=\"{2}\" stroke=\"#333\"/>\n",
      svg_number(kLeft), svg_number(kTop), svg_number(kTop + plot_h), svg_number(kWidth - kRight));
  out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">{}</text>\n",
                     svg_number(kLeft + plot_w / 2), svg_number(kTop + plot_h + 32), html_text(chart.x_label, 256));
  out += fmt::format(
      "<text x=\"12\" y=\"{0}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 12 {0})\">{1}</text>\n",
      svg_number(kTop + plot_h / 2), html_text(chart.y_label, 256));
  if (chart.x_marker > 0)
    out += fmt::format(
        "<g class=\"cores-marker\"><line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#999\" "
        "stroke-dasharray=\"2 3\"/><text x=\"{3}\" y=\"{4}\" font-size=\"11\" fill=\"#555\">{5}</text></g>\n",
        svg_number(px(chart.x_marker)), svg_number(kTop), svg_number(kTop + plot_h), svg_number(px(chart.x_marker) + 4),
        svg_number(kTop + 12), html_text(chart.x_marker_label, 256));

  std::vector<std::string> names;
  std::vector<bool> dashed;
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    const ChartSeries& s = chart.series[i];
    names.push_back(s.name);
    dashed.push_back(s.dashed);
    std::string colour = s.dashed ? "#777" : series_colour(i);
    std::string path;
    for (const auto& p : s.points)
      path += fmt::format("{}{},{} ", path.empty() ? "M" : "L", svg_number(px(p.x)), svg_number(py(p.y)));
    if (!path.empty())
      out += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}/>\n", path, colour,
                         s.dashed ? " stroke-dasharray=\"5 4\"" : "");
    if (s.dashed) continue;
    for (const auto& p : s.points) {
      if (p.high > p.low && p.low > 0)
        out += fmt::format("<line class=\"whisker\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\"/>",
                           svg_number(px(p.x)), svg_number(py(p.low)), svg_number(py(p.high)), colour);
      out += fmt::format("<circle data-series=\"{}\"{} cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{}\" stroke=\"{}\" "
                         "stroke-width=\"2\"><title>{}</title></circle>\n",
                         html_text(s.name, 256), p.marked ? " class=\"disturbed\"" : "", svg_number(px(p.x)),
                         svg_number(py(p.y)), p.marked ? "#fff" : colour, colour, html_text(p.note, 1024));
    }
  }
  out += legend(names, dashed);
  return out + "</svg>\n";
}

std::string render_bar_chart(const BarChart& chart) {
  double max_v = 0;
  for (const auto& g : chart.groups)
    for (double v : g.values) max_v = std::max(max_v, finite_or_zero(v));
  if (max_v <= 0) max_v = 1;
  max_v *= 1.15;
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  std::string out = svg_open("bar-chart", chart.title);
  auto py = [&](double v) { return kTop + plot_h * (1 - finite_or_zero(v) / max_v); };
  out += y_grid(max_v, py);
  out += fmt::format(
      "<text x=\"12\" y=\"{0}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 12 {0})\">{1}</text>\n",
      svg_number(kTop + plot_h / 2), html_text(chart.value_label, 256));
  const double group_w = chart.groups.empty() ? plot_w : plot_w / static_cast<double>(chart.groups.size());
  const std::size_t n = std::max<std::size_t>(1, chart.series.size());
  const double bar_w = group_w * 0.8 / static_cast<double>(n);
  for (std::size_t g = 0; g < chart.groups.size(); ++g) {
    double x0 = kLeft + group_w * static_cast<double>(g) + group_w * 0.1;
    const BarGroup& group = chart.groups[g];
    for (std::size_t i = 0; i < group.values.size() && i < n; ++i) {
      double v = finite_or_zero(group.values[i]);
      double x = x0 + bar_w * static_cast<double>(i);
      out += fmt::format(
          "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: {}</title></rect>",
          svg_number(x), svg_number(py(v)), svg_number(bar_w * 0.95), svg_number(kTop + plot_h - py(v)),
          series_colour(i), html_text(i < chart.series.size() ? chart.series[i] : "", 256), tick_label(v));
      if (chart.value_on_bar && v > 0)
        out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
                           svg_number(x + bar_w / 2), svg_number(py(v) - 4), tick_label(v));
      out += "\n";
    }
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>\n",
                       svg_number(x0 + group_w * 0.4), svg_number(kTop + plot_h + 16), html_text(group.label, 128));
  }
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#333\"/>\n", svg_number(kLeft),
                     svg_number(kTop + plot_h), svg_number(kWidth - kRight));
  out += legend(chart.series, std::vector<bool>(chart.series.size(), false));
  return out + "</svg>\n";
}

}  // namespace grader
