#include "timeline_svg.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "html_text.h"
#include "svg_chart.h"

namespace grader {
namespace {

using nlohmann::json;

bool integer_field(const json& event, const char* key, long long& out) {
  auto it = event.find(key);
  if (it == event.end() || !it->is_number_integer()) return false;
  out = it->get<long long>();
  return true;
}

bool time_field(const json& event, const char* key, double& out) {
  auto it = event.find(key);
  if (it == event.end() || !it->is_number()) return false;
  out = it->get<double>();
  // A day in microseconds: no run the grader draws is longer.
  return std::isfinite(out) && out >= 0 && out < 86400e6;
}

std::string string_arg(const json& event, const char* key) {
  auto args = event.find("args");
  if (args == event.end() || !args->is_object()) return "";
  auto it = args->find(key);
  return it != args->end() && it->is_string() ? it->get<std::string>().substr(0, 200) : "";
}

}  // namespace

Timeline parse_timeline(std::string_view json_text) {
  Timeline timeline;
  if (json_text.size() > kMaxTimelineBytes) {
    timeline.error = fmt::format("the timeline is larger than {} MiB", kMaxTimelineBytes >> 20);
    return timeline;
  }
  json doc = json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("traceEvents") || !doc["traceEvents"].is_array()) {
    timeline.error = "the timeline is not a trace of the expected form ({\"traceEvents\": [...]})";
    return timeline;
  }
  auto run_of = [&](long long pid) -> TimelineRun* {
    for (auto& r : timeline.runs)
      if (r.pid == pid) return &r;
    if (timeline.runs.size() >= kMaxRuns) return nullptr;
    timeline.runs.push_back({pid, fmt::format("process {}", pid), {}});
    return &timeline.runs.back();
  };
  auto lane_of = [&](TimelineRun& run, long long tid) -> TimelineLane* {
    for (auto& l : run.lanes)
      if (l.tid == tid) return &l;
    if (run.lanes.size() >= kMaxLanes) return nullptr;
    run.lanes.push_back({tid, fmt::format("thread {}", tid), {}});
    return &run.lanes.back();
  };
  for (const json& event : doc["traceEvents"]) {
    long long pid = 0, tid = 0;
    auto ph = event.is_object() ? event.find("ph") : event.end();
    if (!event.is_object() || ph == event.end() || !ph->is_string() || !integer_field(event, "pid", pid)) {
      ++timeline.dropped;
      continue;
    }
    std::string kind = ph->get<std::string>();
    std::string name = event.contains("name") && event["name"].is_string() ? event["name"].get<std::string>() : "";
    if (kind == "M" && name == "process_name") {
      if (TimelineRun* run = run_of(pid); run && !string_arg(event, "name").empty())
        run->name = string_arg(event, "name");
      continue;
    }
    if (!integer_field(event, "tid", tid)) {
      ++timeline.dropped;
      continue;
    }
    if (kind == "M" && name == "thread_name") {
      TimelineRun* run = run_of(pid);
      TimelineLane* lane = run ? lane_of(*run, tid) : nullptr;
      if (lane && !string_arg(event, "name").empty()) lane->name = string_arg(event, "name");
      continue;
    }
    TimelineBar bar;
    TimelineRun* run = kind == "X" ? run_of(pid) : nullptr;
    TimelineLane* lane = run ? lane_of(*run, tid) : nullptr;
    if (lane == nullptr || lane->bars.size() >= kMaxBars || !time_field(event, "ts", bar.start_us) ||
        !time_field(event, "dur", bar.duration_us)) {
      ++timeline.dropped;
      continue;
    }
    bar.name = name.substr(0, 200);
    if (auto args = event.find("args"); args != event.end() && args->is_object()) {
      auto cpu = args->find("cpu");
      if (cpu != args->end() && cpu->is_number_integer() && cpu->get<long long>() >= 0 && cpu->get<long long>() < 4096)
        bar.cpu = static_cast<int>(cpu->get<long long>());
    }
    lane->bars.push_back(std::move(bar));
  }
  if (timeline.runs.empty()) timeline.error = "the timeline holds no spans";
  return timeline;
}

std::string render_timeline(const Timeline& timeline) {
  constexpr double kWidth = 640, kLabel = 110, kLaneH = 22, kTop = 30, kAxis = 40;
  std::string out;
  for (const auto& run : timeline.runs) {
    double begin = INFINITY, end = 0;
    std::set<int> cpus;
    for (const auto& lane : run.lanes)
      for (const auto& bar : lane.bars) {
        begin = std::min(begin, bar.start_us);
        end = std::max(end, bar.start_us + bar.duration_us);
        cpus.insert(bar.cpu);
      }
    if (!std::isfinite(begin)) begin = 0;
    double span = std::max(end - begin, 1.0);
    double height = kTop + kLaneH * static_cast<double>(run.lanes.size()) + kAxis;
    double plot_w = kWidth - kLabel - 10;
    out += fmt::format(
        "<svg class=\"chart timeline\" data-lanes=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" "
        "role=\"img\" aria-label=\"timeline {}\"><title>timeline: {}</title>\n<text x=\"4\" y=\"18\" "
        "font-size=\"14\" font-weight=\"bold\">{}</text>\n",
        run.lanes.size(), svg_number(kWidth), svg_number(height), html_text(run.name, 256), html_text(run.name, 256),
        html_text(run.name, 256));
    for (std::size_t i = 0; i < run.lanes.size(); ++i) {
      const TimelineLane& lane = run.lanes[i];
      double y = kTop + kLaneH * static_cast<double>(i);
      out += fmt::format(
          "<g class=\"lane\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/><text x=\"4\" y=\"{}\" "
          "font-size=\"11\">{}</text>",
          svg_number(kLabel), svg_number(y), svg_number(plot_w), svg_number(kLaneH - 2), i % 2 ? "#f6f6f6" : "#eeeeee",
          svg_number(y + 14), html_text(lane.name, 64));
      for (const auto& bar : lane.bars) {
        double x = kLabel + plot_w * (bar.start_us - begin) / span;
        double w = std::max(plot_w * bar.duration_us / span, 0.8);
        out +=
            fmt::format("<rect class=\"span\" data-cpu=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" "
                        "fill-opacity=\"0.85\"><title>{} on CPU {}: {:.0f} µs</title></rect>",
                        bar.cpu, svg_number(x), svg_number(y + 2), svg_number(w), svg_number(kLaneH - 6),
                        bar.cpu >= 0 ? series_colour(static_cast<std::size_t>(bar.cpu)) : "#888",
                        html_text(bar.name, 200), bar.cpu >= 0 ? std::to_string(bar.cpu) : "?", bar.duration_us);
      }
      out += "</g>\n";
    }
    double axis_y = kTop + kLaneH * static_cast<double>(run.lanes.size()) + 14;
    out +=
        fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\">0</text><text x=\"{}\" y=\"{}\" font-size=\"11\" "
                    "text-anchor=\"end\">{:.1f} ms</text>\n",
                    svg_number(kLabel), svg_number(axis_y), svg_number(kWidth - 10), svg_number(axis_y), span / 1000);
    double x = kLabel;
    for (int cpu : cpus) {
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" "
                         "font-size=\"11\">CPU {}</text>",
                         svg_number(x), svg_number(axis_y + 8),
                         cpu >= 0 ? series_colour(static_cast<std::size_t>(cpu)) : "#888", svg_number(x + 14),
                         svg_number(axis_y + 17), cpu >= 0 ? std::to_string(cpu) : "?");
      x += 60;
      if (x > kWidth - 60) break;
    }
    out += "\n</svg>\n";
  }
  return out;
}

}  // namespace grader
