// The timeline of a submission's own threads: one unscored run of the
// optimised test binary in timeline mode (exercises/common/test_main.cpp,
// COURSE_TIMELINE_FILE), whose course code records when each task, job or
// stage call it handed the student's code started and ended, on which
// thread and CPU (exercises/common/testing/course_testing/timeline_recorder.h),
// turned into a Chrome Trace Event file that Perfetto, chrome://tracing and
// the HTML report open.
//
// Errors: what the run wrote is hostile input (the student's code shares
// its process and can write anything there). timeline_trace() bounds its
// size, line length and counts and validates every field; anything forged
// or broken gives no timeline (nullopt, with why), never an exception. The
// timeline is display only: it never changes a score.
//
// Thread-safety: record_timeline() touches only `run.artifacts`; the rest
// is pure.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace grader {

// Bounds on the recording the grader accepts (the recorder writes far less).
inline constexpr std::size_t kMaxTimelineBytes = 1 << 20;
inline constexpr std::size_t kMaxTimelineLine = 200;
inline constexpr int kMaxTimelineProcesses = 8;
inline constexpr int kMaxTimelineThreads = 64;  // per process
inline constexpr std::size_t kMaxTimelineSpans = 8192;
inline constexpr long long kMaxTimelineNs = 60'000'000'000;  // a minute: far beyond the run's time limit
inline constexpr int kMaxTimelineCpu = 4095;

struct TimelineRun {
  std::filesystem::path binary;     // an optimised test binary of the submission
  std::filesystem::path artifacts;  // the grader's directory for this run, emptied first
  // The scenarios take about 0.3 s; a hung one is stopped here (its spans
  // are written at its end only, so a hang leaves no timeline).
  std::chrono::milliseconds time_limit{2000};
};

// Runs `run.binary` in timeline mode, sandboxed and limited like a test,
// and returns what it recorded (at most kMaxTimelineBytes; "" when it wrote
// nothing readable, with why in *problem).
std::string record_timeline(const TimelineRun& run, std::string* problem);

// The recording as {"traceEvents": [...]}: a process per run ("ph":"M"
// process_name), a thread per lane (thread_name), a complete event ("ph":"X",
// ts and dur in microseconds, args.cpu) per span. nullopt when the text is
// not a well-formed recording, with the first fault in *why.
std::optional<nlohmann::json> timeline_trace(const std::string& text, std::string* why);

// The recording that `record` (record_timeline(), or a test's fake) makes of
// `run`, checked and written to `out` as a trace. Returns whether it was
// written; never throws for what the run wrote (*problem says why not).
bool write_timeline(const std::function<std::string(const TimelineRun&, std::string*)>& record, const TimelineRun& run,
                    const std::filesystem::path& out, std::string* problem);

}  // namespace grader
