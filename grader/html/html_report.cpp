#include "html_report.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include <fmt/format.h>

#include "html_text.h"
#include "json_text.h"
#include "svg_chart.h"
#include "text_files.h"
#include "timeline_svg.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kMaxSourceBytes = 1 << 20;
constexpr std::size_t kMaxPlacesPerCheck = 8;

const char* const kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:62em;padding:0 .8em 3em;color:#222;line-height:1.4}
h1{font-size:1.5em}h2{font-size:1.25em;margin-top:2em;border-bottom:2px solid #ddd}
.total{font-size:1.2em}.warn{background:#fff3bf;padding:.5em;border-radius:4px}
table{border-collapse:collapse;width:100%}td,th{padding:.25em .5em;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
td.pts{text-align:right;white-space:nowrap}.pass{color:#2b8a3e}.fail{color:#c92a2a}.part{color:#e67700}.skipped{color:#888}
.lost{border-left:4px solid #c92a2a;padding:.2em .8em;margin:1em 0;background:#fff5f5}
pre{white-space:pre-wrap;word-break:break-word;overflow-x:auto;font-size:.85em}
pre.code{background:#f8f9fa;border:1px solid #ddd;padding:.4em;white-space:pre}
pre.code mark{background:#ffe066;display:inline-block;min-width:100%}
.places{display:grid;grid-template-columns:repeat(auto-fit,minmax(18em,1fr));gap:.6em}
.race .places{grid-template-columns:repeat(auto-fit,minmax(16em,1fr))}
figure{margin:0;min-width:0}figcaption{font-size:.85em;font-weight:600}
h1,h2,h4,td,figcaption{overflow-wrap:anywhere}
.perf{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start}.perf>.picture{flex:3 1 24em;min-width:0}
.perf>aside{flex:1 1 14em;background:#f1f3f5;padding:.6em;border-radius:4px;font-size:.9em}
svg.chart{width:100%;height:auto;max-width:44em;display:block;margin:.5em 0}
)";

std::string check_state(const Check& c) {
  if (c.status == CheckStatus::kFail) return "fail";
  if (c.status == CheckStatus::kSkipped) return "skipped";
  return c.points + 1e-9 < c.max_points ? "part" : "pass";
}

bool lost_points(const Check& c) {
  return c.status == CheckStatus::kFail || (c.max_points > 0 && c.points + 1e-9 < c.max_points);
}

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

bool is_path_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '/' || c == '.' || c == '-' || c == '+';
}

// The source a place names, when it is a regular file inside the
// submission; "" otherwise (outside it, a link, missing).
std::string read_submission_file(const HtmlReportSources& sources, const std::string& file) {
  if (sources.submission.empty()) return "";
  fs::path path = fs::path(file).is_absolute() ? fs::path(file) : sources.course_root / file;
  std::error_code ec;
  // Directories resolved (a linked directory must not lead outside), the
  // file itself opened without following a link.
  fs::path dir = fs::canonical(path.parent_path(), ec);
  if (ec) return "";
  fs::path submission = fs::weakly_canonical(sources.submission, ec);
  if (ec) return "";
  auto rel = dir.lexically_relative(submission);
  if (rel.empty() || *rel.begin() == "..") return "";
  FileRead read = read_untrusted(dir / path.filename(), kMaxSourceBytes);
  return read.ok() ? read.content : "";
}

}  // namespace

std::string lost_check_html(const Check& check, const HtmlReportSources& sources) {
  std::string kind = check.kind == CheckKind::kRace ? " race" : check.kind == CheckKind::kTimeout ? " hang" : "";
  std::string out = fmt::format(
      "<article class=\"lost{}\" data-check=\"{}\"><h4>{} <span class=\"{}\">{:g} of {:g} points</span></h4>\n", kind,
      html_text(check.name, 512), html_text(check.name, 512), check_state(check), check.points, check.max_points);
  if (!check.message.empty()) out += "<pre class=\"message\">" + html_text(check.message) + "</pre>\n";
  // One picture of code per line of the message naming a place in the
  // student's files: a race's two accesses, each thread of a hang.
  std::vector<std::pair<std::string, SourcePlace>> figures;
  std::vector<std::string> seen;
  auto add = [&](const std::string& caption, const SourcePlace& place) {
    std::string key = place.file + ":" + std::to_string(place.line);
    if (figures.size() >= kMaxPlacesPerCheck || std::find(seen.begin(), seen.end(), key) != seen.end()) return;
    seen.push_back(key);
    figures.emplace_back(caption, place);
  };
  std::istringstream lines(bounded_text(check.message, kMaxMessageBytes));
  std::vector<std::pair<std::string, SourcePlace>> from_message;
  for (std::string line; std::getline(lines, line);)
    for (const auto& place : source_places(line))
      if (!read_submission_file(sources, place.file).empty()) {
        from_message.emplace_back(line, place);
        break;  // the line's first place in the student's files
      }
  if (!check.file.empty() && check.line > 0) {
    bool named = std::any_of(from_message.begin(), from_message.end(),
                             [&](const auto& f) { return f.second.file == check.file && f.second.line == check.line; });
    if (!named) add(check.file + ":" + std::to_string(check.line), {check.file, check.line});
  }
  for (const auto& [caption, place] : from_message) add(caption, place);
  std::string pictures;
  for (const auto& [caption, place] : figures) {
    std::string excerpt = code_excerpt(read_submission_file(sources, place.file), place.line);
    if (excerpt.empty()) continue;
    pictures += "<figure><figcaption>" + html_text(caption, 1024) + "</figcaption>" + excerpt + "</figure>\n";
  }
  if (!pictures.empty()) out += "<div class=\"places\">\n" + pictures + "</div>\n";
  return out + "</article>\n";
}

namespace {

// "cpu_heavy/workers:4" -> ("cpu_heavy", 4); workers 0 when the name has none.
std::pair<std::string, int> curve_key(const std::string& name) {
  auto at = name.find("workers:");
  if (at == std::string::npos) return {name, 0};
  int workers = 0;
  for (std::size_t i = at + 8; i < name.size() && std::isdigit(static_cast<unsigned char>(name[i])) && workers < 100000;
       ++i)
    workers = workers * 10 + (name[i] - '0');
  std::string group = name.substr(0, at);
  while (!group.empty() && group.back() == '/') group.pop_back();
  return {group, workers};
}

std::string curve_charts(const PerformanceFigures& perf) {
  std::vector<std::string> groups;
  for (const auto& p : perf.curve) {
    auto [group, workers] = curve_key(p.name);
    if (workers > 0 && std::find(groups.begin(), groups.end(), group) == groups.end()) groups.push_back(group);
  }
  std::string out;
  for (const auto& group : groups) {
    std::vector<std::pair<int, const PerformanceFigures::CurvePoint*>> points;
    for (const auto& p : perf.curve)
      if (auto [g, w] = curve_key(p.name); g == group && w > 0) points.emplace_back(w, &p);
    std::sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    LineChart chart{.title = "Speedup: " + group,
                    .x_label = "workers",
                    .y_label = "speedup over 1 worker",
                    .x_marker = static_cast<double>(perf.cores),
                    .x_marker_label = fmt::format("{} usable cores", perf.cores)};
    auto side = [&](const char* name, auto ns, auto low, auto high) {
      ChartSeries s{.name = name};
      double base = 0;
      int base_workers = 0;
      for (const auto& [w, p] : points)
        if (ns(*p) > 0) {
          base = ns(*p), base_workers = w;
          break;
        }
      for (const auto& [w, p] : points) {
        if (ns(*p) <= 0 || base <= 0) continue;
        double scale = base * base_workers;
        ChartPoint cp{.x = static_cast<double>(w), .y = scale / ns(*p)};
        if (low(*p) > 0 && high(*p) > low(*p)) cp.low = scale / high(*p), cp.high = scale / low(*p);
        cp.marked = p->disturbed;
        cp.note = fmt::format("{} workers: {:.3f} ms{}", w, ns(*p) / 1e6,
                              p->disturbed ? " (measured while other programs loaded the machine)" : "");
        s.points.push_back(cp);
      }
      return s;
    };
    chart.series.push_back(side(
        "yours", [](const auto& p) { return p.student_ns; }, [](const auto& p) { return p.student_low_ns; },
        [](const auto& p) { return p.student_high_ns; }));
    chart.series.push_back(side(
        "reference", [](const auto& p) { return p.reference_ns; }, [](const auto& p) { return p.reference_low_ns; },
        [](const auto& p) { return p.reference_high_ns; }));
    ChartSeries ideal{.name = "ideal", .dashed = true};
    for (const auto& [w, p] : points)
      ideal.points.push_back({.x = static_cast<double>(w), .y = std::min<double>(w, std::max(1u, perf.cores))});
    chart.series.push_back(ideal);
    out += render_line_chart(chart);
  }
  return out;
}

std::string diagnosis(const PerformanceFigures& perf) {
  std::string out = "<aside class=\"diagnosis\"><h4>Diagnosis</h4><dl>";
  auto row = [&](const std::string& term, const std::string& value) {
    if (!value.empty()) out += "<dt>" + html_text(term) + "</dt><dd>" + html_text(value) + "</dd>";
  };
  row("bottleneck", perf.bottleneck);
  row("cause", perf.cause + (perf.cause_confidence.empty() ? "" : " (" + perf.cause_confidence + ")"));
  row("time against the reference",
      fmt::format("{:.2f}x (yours {:.2f} ms, reference {:.2f} ms; the median of {} paired runs' ratios, {:.2f}x)",
                  perf.ratio, perf.student_ns / 1e6, perf.reference_ns / 1e6, perf.pairs, perf.measured_ratio));
  row("confidence", perf.confidence);
  if (perf.busy_machine)
    row("machine", fmt::format("busy: other programs used {:.1f} cores' worth while measuring", perf.other_load));
  return out + "</dl></aside>\n";
}

std::string performance_section(const ExerciseResult& ex, const HtmlReportSources& sources) {
  std::string pictures;
  if (ex.performance) {
    const PerformanceFigures& perf = *ex.performance;
    pictures += curve_charts(perf);
    if (perf.one_core_ns > 0 && perf.student_ns > 0)
      pictures += render_bar_chart({.title = fmt::format("One core against all {} cores (your code)", perf.cores),
                                    .value_label = "ms",
                                    .series = {"your code, ms"},
                                    .groups = {{"one core", {perf.one_core_ns / 1e6}},
                                               {fmt::format("all {} cores", perf.cores), {perf.student_ns / 1e6}}}});
  }
  if (!ex.timeline_file.empty()) {
    fs::path path =
        fs::path(ex.timeline_file).is_absolute() ? fs::path(ex.timeline_file) : sources.course_root / ex.timeline_file;
    FileRead read = read_untrusted(path, kMaxTimelineBytes + 1);
    Timeline timeline =
        read.ok() ? parse_timeline(read.content) : Timeline{.error = refusal_message("the timeline", read)};
    pictures += "<h4>Your threads over time</h4>\n";
    if (timeline.error.empty()) pictures += render_timeline(timeline);
    else pictures += "<p class=\"warn\">" + html_text(timeline.error) + "</p>\n";
    if (timeline.dropped > 0)
      pictures += fmt::format("<p>{} events of the timeline were not drawn (malformed or past a bound).</p>\n",
                              timeline.dropped);
  }
  if (pictures.empty()) return "";
  std::string out = "<div class=\"perf\"><div class=\"picture\">\n" + pictures + "</div>\n";
  if (ex.performance) out += diagnosis(*ex.performance);
  return out + "</div>\n";
}

std::string exercise_section(const ExerciseResult& ex, const HtmlReportSources& sources) {
  std::string out =
      fmt::format("<section class=\"exercise\" id=\"ex-{}\"><h2>{} {} <span class=\"score\">{:g} / {:g}</span></h2>\n"
                  "<p>Status: <strong>{}</strong></p>\n<table class=\"card\"><thead><tr><th>check</th><th>result</th>"
                  "<th>points</th></tr></thead><tbody>\n",
                  html_text(ex.id, 64), html_text(ex.id, 64), html_text(ex.title, 512), ex.score, ex.max_score,
                  html_text(to_string(ex.status)));
  for (const auto& c : ex.checks)
    out += fmt::format("<tr><td>{}</td><td class=\"{}\">{}</td><td class=\"pts\">{}</td></tr>\n",
                       html_text(c.name, 512), check_state(c), check_state(c),
                       c.max_points > 0 ? fmt::format("{:g} / {:g}", c.points, c.max_points) : "");
  out += "</tbody></table>\n";
  std::string lost;
  for (const auto& c : ex.checks)
    if (lost_points(c)) lost += lost_check_html(c, sources);
  if (!lost.empty()) out += "<h3>Where the points went</h3>\n" + lost;
  out += performance_section(ex, sources);
  return out + "</section>\n";
}

}  // namespace

std::vector<SourcePlace> source_places(std::string_view text) {
  static const char* const kExtensions[] = {".cpp", ".cc", ".cxx", ".h", ".hpp", ".hh"};
  std::vector<SourcePlace> places;
  for (std::size_t colon = text.find(':'); colon != std::string_view::npos; colon = text.find(':', colon + 1)) {
    std::size_t digits = colon + 1;
    int line = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])) && line < 10000000)
      line = line * 10 + (text[digits++] - '0');
    if (line == 0) continue;
    std::size_t begin = colon;
    while (begin > 0 && is_path_char(text[begin - 1]) && colon - begin < 1024) --begin;
    std::string_view file = text.substr(begin, colon - begin);
    if (std::any_of(std::begin(kExtensions), std::end(kExtensions), [&](const char* e) { return ends_with(file, e); }))
      places.push_back({std::string(file), line});
  }
  return places;
}

std::string code_excerpt(std::string_view source, int line, int context) {
  if (line <= 0) return "";
  std::string out;
  int number = 1;
  std::size_t begin = 0;
  bool found = false;
  while (begin <= source.size() && number <= line + context) {
    std::size_t end = source.find('\n', begin);
    if (end == std::string_view::npos) end = source.size();
    if (number >= line - context) {
      std::string text = html_text(source.substr(begin, std::min<std::size_t>(end - begin, 400)), 400);
      std::string row = fmt::format("{:>5} | {}", number, text);
      if (number == line) {
        out += "<mark>" + row + "</mark>\n";
        found = true;
      } else {
        out += row + "\n";
      }
    }
    if (end == source.size()) break;
    begin = end + 1;
    ++number;
  }
  return found ? "<pre class=\"code\">" + out + "</pre>" : "";
}

std::string render_html_report(const Report& report, const HtmlReportSources& sources) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>Grading report: {}</title>\n<style>{}</style></head>\n<body>\n<h1>Grading report: {}</h1>\n"
      "<p class=\"total\">Total: <strong>{:g} / {:g}</strong></p>\n",
      html_text(report.submission, 512), kStyle, html_text(report.submission, 512), report.total(), report.max_total());
  if (!report.sandboxed)
    out += "<p class=\"warn\">The submission ran without the sandbox: " + html_text(report.sandbox_missing) + "</p>\n";
  if (!report.protected_changes.empty()) {
    out += "<div class=\"warn\"><p>Files the course provides were changed:</p><ul>";
    for (const auto& change : report.protected_changes) out += "<li>" + html_text(change, 1024) + "</li>";
    out += "</ul></div>\n";
  }
  out += "<nav><ul>";
  for (const auto& ex : report.exercises)
    out += fmt::format("<li><a href=\"#ex-{}\">{} {}</a>: {:g} / {:g}</li>", html_text(ex.id, 64), html_text(ex.id, 64),
                       html_text(ex.title, 512), ex.score, ex.max_score);
  out += "</ul></nav>\n";
  for (const auto& ex : report.exercises) out += exercise_section(ex, sources);
  return out + "</body></html>\n";
}

}  // namespace grader
