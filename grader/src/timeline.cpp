#include "timeline.h"

#include <fmt/format.h>

#include <charconv>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

#include "json_text.h"
#include "process_limits.h"
#include "subprocess.h"
#include "text_files.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

// A name the recorder writes: printable ASCII of a small set, so that
// nothing the student forges reaches a viewer as markup or control bytes.
bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 80) return false;
  for (unsigned char c : name)
    if (!(std::isalnum(c) || c == ' ' || c == '(' || c == ')' || c == ',' || c == '.' || c == '-' || c == '_' ||
          c == ':' || c == '+'))
      return false;
  return true;
}

// Splits off the next space-separated field of `rest`.
std::string field(std::string& rest) {
  std::size_t space = rest.find(' ');
  std::string f = rest.substr(0, space);
  rest = space == std::string::npos ? "" : rest.substr(space + 1);
  return f;
}

std::optional<long long> number(const std::string& text, long long low, long long high) {
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < low || value > high)
    return std::nullopt;
  return value;
}

std::optional<nlohmann::json> fail(std::string* why, std::string message) {
  if (why) *why = std::move(message);
  return std::nullopt;
}

}  // namespace

std::optional<nlohmann::json> timeline_trace(const std::string& text, std::string* why) {
  if (text.size() > kMaxTimelineBytes) return fail(why, "larger than the recorder ever writes");
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != "course-timeline 1") return fail(why, "no course-timeline header");
  nlohmann::json events = nlohmann::json::array();
  std::set<int> processes;
  std::set<std::pair<int, int>> threads;
  std::size_t spans = 0;
  for (int n = 2; std::getline(in, line); ++n) {
    auto bad = [&](const std::string& what) { return fail(why, fmt::format("line {}: {}", n, what)); };
    if (line.size() > kMaxTimelineLine) return bad("too long");
    std::string rest = line;
    const std::string kind = field(rest);
    auto pid = number(field(rest), 1, kMaxTimelineProcesses);
    if (!pid) return bad("no valid process number");
    if (kind == "process") {
      if (!valid_name(rest) || !processes.insert(static_cast<int>(*pid)).second) return bad("bad process");
      events.push_back({{"ph", "M"}, {"name", "process_name"}, {"pid", *pid}, {"args", {{"name", rest}}}});
      continue;
    }
    if (!processes.count(static_cast<int>(*pid))) return bad("a process not declared");
    auto tid = number(field(rest), 1, kMaxTimelineThreads);
    if (!tid) return bad("no valid thread number");
    if (kind == "thread") {
      if (!valid_name(rest) || !threads.insert({*pid, *tid}).second) return bad("bad thread");
      events.push_back(
          {{"ph", "M"}, {"name", "thread_name"}, {"pid", *pid}, {"tid", *tid}, {"args", {{"name", rest}}}});
      continue;
    }
    if (kind != "span") return bad("unknown record");
    if (!threads.count({*pid, *tid})) return bad("a thread not declared");
    if (++spans > kMaxTimelineSpans) return bad("too many spans");
    auto start = number(field(rest), 0, kMaxTimelineNs);
    auto duration = number(field(rest), 0, kMaxTimelineNs);
    auto cpu = number(field(rest), 0, kMaxTimelineCpu);
    if (!start || !duration || !cpu) return bad("a time or CPU out of range");
    if (!valid_name(rest)) return bad("bad span name");
    events.push_back({{"ph", "X"},
                      {"name", rest},
                      {"pid", *pid},
                      {"tid", *tid},
                      {"ts", static_cast<double>(*start) / 1000.0},
                      {"dur", static_cast<double>(*duration) / 1000.0},
                      {"args", {{"cpu", *cpu}}}});
  }
  if (spans == 0) return fail(why, "no span recorded");
  return nlohmann::json{{"traceEvents", std::move(events)}};
}

std::string record_timeline(const TimelineRun& run, std::string* problem) {
  std::error_code ignored;
  fs::remove_all(run.artifacts, ignored);
  const fs::path scratch = run.artifacts / "scratch";
  fs::create_directories(scratch);
  const fs::path recording = scratch / "timeline.txt";
  ProcessSpec spec;
  spec.argv = {run.binary.string()};
  spec.env = {{"COURSE_TIMELINE_FILE", recording.string()}};
  spec.stdout_file = run.artifacts / "output.txt";
  spec.timeout = run.time_limit;
  spec.max_file_bytes = kMaxTimelineBytes;
  spec.max_memory_kib = kTestLimits.memory_kib;
  spec.max_processes = kTestLimits.processes;
  // Like a test: it sees its own binary and writes only its scratch directory.
  spec.sandbox = SandboxSpec{{run.binary.parent_path()}, {scratch}};
  ProcessResult process = run_process(spec);
  if (!process.started) {
    if (problem) *problem = "did not start: " + process.start_error;
    return "";
  }
  FileRead read = read_untrusted(recording, kMaxTimelineBytes);
  if (!read.ok() || read.truncated) {
    if (problem) *problem = read.ok() ? "recording too large" : "recording " + read.reason;
    return "";
  }
  return read.content;
}

bool write_timeline(const std::function<std::string(const TimelineRun&, std::string*)>& record, const TimelineRun& run,
                    const fs::path& out, std::string* problem) {
  std::error_code ignored;
  fs::remove(out, ignored);  // a timeline left from an earlier grading is not this one's
  std::string text = record(run, problem);
  if (text.empty()) return false;
  std::optional<nlohmann::json> trace = timeline_trace(text, problem);
  if (!trace) return false;
  fs::create_directories(out.parent_path());
  write_atomically(out, dump_json(*trace) + "\n");
  return true;
}

}  // namespace grader
