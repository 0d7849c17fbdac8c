#include "timeline_svg.h"

#include <gtest/gtest.h>

namespace grader {
namespace {

// The format the grader's recorder writes (report.h's timeline_file).
const char* const kTrace = R"json({"traceEvents": [
  {"ph":"M","name":"process_name","pid":1,"args":{"name":"on one core (taskset -c 0)"}},
  {"ph":"M","name":"thread_name","pid":1,"tid":10,"args":{"name":"worker 1"}},
  {"ph":"M","name":"thread_name","pid":1,"tid":11,"args":{"name":"worker 2"}},
  {"ph":"X","name":"task 1","pid":1,"tid":10,"ts":0,"dur":100,"args":{"cpu":0}},
  {"ph":"X","name":"task 2","pid":1,"tid":11,"ts":50,"dur":100,"args":{"cpu":0}},
  {"ph":"M","name":"process_name","pid":2,"args":{"name":"on all cores"}},
  {"ph":"X","name":"task 1","pid":2,"tid":20,"ts":0,"dur":80,"args":{"cpu":1}}
]})json";

TEST(Timeline, OneRunPerProcessOneLanePerThread) {
  Timeline t = parse_timeline(kTrace);
  ASSERT_EQ(t.error, "");
  ASSERT_EQ(t.runs.size(), 2u);
  EXPECT_EQ(t.runs[0].name, "on one core (taskset -c 0)");
  ASSERT_EQ(t.runs[0].lanes.size(), 2u);
  EXPECT_EQ(t.runs[0].lanes[1].name, "worker 2");
  EXPECT_EQ(t.runs[0].lanes[1].bars[0].start_us, 50);
  EXPECT_EQ(t.runs[1].lanes[0].name, "thread 20");
  EXPECT_EQ(t.runs[1].lanes[0].bars[0].cpu, 1);
  std::string svg = render_timeline(t);
  EXPECT_NE(svg.find("data-lanes=\"2\""), std::string::npos);
  EXPECT_NE(svg.find("data-lanes=\"1\""), std::string::npos);
  EXPECT_NE(svg.find("data-cpu=\"1\""), std::string::npos);
}

TEST(Timeline, MalformedEventsAreDroppedNotTrusted) {
  Timeline t = parse_timeline(R"({"traceEvents": [
    {"ph":"X","name":"ok","pid":1,"tid":1,"ts":0,"dur":5},
    {"ph":"X","name":"negative","pid":1,"tid":1,"ts":-1,"dur":5},
    {"ph":"X","name":"string ts","pid":1,"tid":1,"ts":"0","dur":5},
    {"ph":"X","name":"no tid","pid":1,"ts":0,"dur":5},
    {"ph":"X","name":"huge","pid":1,"tid":1,"ts":1e300,"dur":5},
    {"ph":"X","name":"bad cpu","pid":1,"tid":1,"ts":0,"dur":5,"args":{"cpu":"<b>"}},
    7, "x", null]})");
  ASSERT_EQ(t.error, "");
  ASSERT_EQ(t.runs.size(), 1u);
  ASSERT_EQ(t.runs[0].lanes[0].bars.size(), 2u);
  EXPECT_EQ(t.runs[0].lanes[0].bars[1].cpu, -1);
  EXPECT_EQ(t.dropped, 7u);
}

TEST(Timeline, LanesAndBarsAreBounded) {
  std::string trace = R"({"traceEvents": [)";
  for (std::size_t i = 0; i < kMaxLanes + 10; ++i)
    trace += R"({"ph":"X","name":"t","pid":1,"tid":)" + std::to_string(i) + R"(,"ts":0,"dur":1},)";
  trace += R"({"ph":"X","name":"t","pid":1,"tid":0,"ts":0,"dur":1}]})";
  Timeline t = parse_timeline(trace);
  EXPECT_EQ(t.runs[0].lanes.size(), kMaxLanes);
  EXPECT_EQ(t.dropped, 10u);
}

TEST(Timeline, NotATraceIsAnErrorNotACrash) {
  EXPECT_NE(parse_timeline("{\"traceEvents\": [").error, "");
  EXPECT_NE(parse_timeline("[1,2]").error, "");
  EXPECT_NE(parse_timeline(R"({"traceEvents": []})").error, "");
}

TEST(Timeline, NamesAreEscaped) {
  Timeline t = parse_timeline(R"({"traceEvents": [
    {"ph":"M","name":"thread_name","pid":1,"tid":1,"args":{"name":"<script>x</script>"}},
    {"ph":"X","name":"<img src=x>","pid":1,"tid":1,"ts":0,"dur":5}]})");
  std::string svg = render_timeline(t);
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_EQ(svg.find("<img"), std::string::npos);
}

}  // namespace
}  // namespace grader
