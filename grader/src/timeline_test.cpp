#include "timeline.h"

#include <gtest/gtest.h>

#include "test_support.h"
#include "text_files.h"

namespace grader {
namespace {

const std::string kRecording = "course-timeline 1\n"
                               "process 1 on one core (taskset -c 0)\n"
                               "thread 1 1 thread 1\n"
                               "thread 1 2 thread 2\n"
                               "span 1 1 1500 60000000 0 task 1\n"
                               "span 1 2 2000 61000000 0 task 2\n";

std::string why_not(const std::string& text) {
  std::string why;
  EXPECT_FALSE(timeline_trace(text, &why).has_value()) << text;
  return why;
}

TEST(Timeline, ARecordingBecomesTraceEventsInMicroseconds) {
  std::string why;
  auto trace = timeline_trace(kRecording, &why);
  ASSERT_TRUE(trace) << why;
  const auto& events = (*trace)["traceEvents"];
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0]["ph"], "M");
  EXPECT_EQ(events[0]["name"], "process_name");
  EXPECT_EQ(events[0]["args"]["name"], "on one core (taskset -c 0)");
  EXPECT_EQ(events[2]["name"], "thread_name");
  EXPECT_EQ(events[2]["tid"], 2);
  EXPECT_EQ(events[2]["args"]["name"], "thread 2");
  EXPECT_EQ(events[4]["ph"], "X");
  EXPECT_EQ(events[4]["name"], "task 2");
  EXPECT_EQ(events[4]["pid"], 1);
  EXPECT_EQ(events[4]["tid"], 2);
  EXPECT_DOUBLE_EQ(events[4]["ts"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(events[4]["dur"].get<double>(), 61000.0);
  EXPECT_EQ(events[4]["args"]["cpu"], 0);
}

// Each line is a forgery a submission could write in place of the
// recorder's: none gives a timeline, and none throws.
TEST(Timeline, AForgedOrBrokenRecordingGivesNoTimeline) {
  EXPECT_NE(why_not(""), "");
  EXPECT_NE(why_not("{\"traceEvents\": []}\n"), "");
  EXPECT_NE(why_not("course-timeline 1\nprocess 1 p\nthread 1 1 t\n"), "");        // no span
  EXPECT_NE(why_not(kRecording + "span 1 3 0 10 0 job\n"), "");                    // undeclared thread
  EXPECT_NE(why_not(kRecording + "span 2 1 0 10 0 job\n"), "");                    // undeclared process
  EXPECT_NE(why_not(kRecording + "span 1 1 -5 10 0 job\n"), "");                   // negative time
  EXPECT_NE(why_not(kRecording + "span 1 1 0 99999999999999999999 0 job\n"), "");  // beyond long long
  EXPECT_NE(why_not(kRecording + "span 1 1 0 70000000000 0 job\n"), "");           // beyond a minute
  EXPECT_NE(why_not(kRecording + "span 1 1 0 10 5000 job\n"), "");                 // no such CPU
  EXPECT_NE(why_not(kRecording + "span 1 1 0x10 10 0 job\n"), "");                 // not a decimal number
  EXPECT_NE(why_not(kRecording + "span 1 1 0 10 0 <script>alert(1)</script>\n"), "");
  EXPECT_NE(why_not(kRecording + "span 1 1 0 10 0 a\"b\n"), "");
  EXPECT_NE(why_not(kRecording + "span 1 1 0 10 0 \x1b[31mred\n"), "");
  EXPECT_NE(why_not(kRecording + "span 1 1 0 10 0\n"), "");   // no name
  EXPECT_NE(why_not(kRecording + "thread 1 1 again\n"), "");  // declared twice
  EXPECT_NE(why_not(kRecording + "process 9 nine\n"), "");    // beyond the processes' bound
  EXPECT_NE(why_not(kRecording + "thread 1 65 lane\n"), "");  // beyond the threads' bound
  EXPECT_NE(why_not(kRecording + "span 1 1 0 10 0 " + std::string(300, 'x') + "\n"), "");
  EXPECT_NE(why_not(kRecording + "flood\n"), "");
  std::string many = kRecording;
  for (std::size_t i = 0; i <= kMaxTimelineSpans; ++i) many += "span 1 1 0 10 0 job\n";
  EXPECT_EQ(why_not(many), "line " + std::to_string(kMaxTimelineSpans + 5) + ": too many spans");
  EXPECT_NE(why_not(kRecording + std::string(kMaxTimelineBytes, '\n')), "");
}

TEST(Timeline, WritesTheTraceOnlyForAValidRecording) {
  ScratchDir dir("timeline");
  const auto out = dir / "01_concurrent_tasks" / "timeline.json";
  auto fake = [](std::string text) { return [text](const TimelineRun&, std::string*) { return text; }; };
  std::string problem;
  ASSERT_TRUE(write_timeline(fake(kRecording), {}, out, &problem)) << problem;
  auto written = nlohmann::json::parse(read_file(out));
  EXPECT_EQ(written["traceEvents"].size(), 5u);
  // A later grading whose run forged its file leaves no timeline, not the old one.
  EXPECT_FALSE(write_timeline(fake("course-timeline 1\nspan 1 1 0 1 0 x\n"), {}, out, &problem));
  EXPECT_NE(problem, "");
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_FALSE(write_timeline(fake(""), {}, out, &problem));
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace grader
