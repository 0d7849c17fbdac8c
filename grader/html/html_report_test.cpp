#include "html_report.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include "test_support.h"

namespace grader {
namespace {
namespace fs = std::filesystem;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(SourcePlaces, FindsEveryFileAndLineInAMessage) {
  auto places =
      source_places("  write by thread T1 at solutions/01/task_group.cpp:12 (run)\n  earlier read by main thread at "
                    "solutions/01/task_group.h:7, not x.txt:3 nor 12:30 nor a.cpp:");
  ASSERT_EQ(places.size(), 2u);
  EXPECT_EQ(places[0].file, "solutions/01/task_group.cpp");
  EXPECT_EQ(places[0].line, 12);
  EXPECT_EQ(places[1].file, "solutions/01/task_group.h");
  EXPECT_EQ(places[1].line, 7);
}

TEST(CodeExcerpt, MarksTheLineAndEscapesTheCode) {
  std::string excerpt = code_excerpt("a\nb\nif (x < y) {}\nd\ne\nf\ng\n", 3, 1);
  EXPECT_NE(excerpt.find("<mark>    3 | if (x &lt; y) {}</mark>"), std::string::npos) << excerpt;
  EXPECT_NE(excerpt.find("    2 | b"), std::string::npos);
  EXPECT_NE(excerpt.find("    4 | d"), std::string::npos);
  EXPECT_EQ(excerpt.find("    5 | e"), std::string::npos);
  EXPECT_EQ(code_excerpt("a\nb\n", 30), "");
}

class HtmlReportTest : public ::testing::Test {
 protected:
  ScratchDir root{"html_report"};
  fs::path submission = root / "solutions";

  Report race_report() {
    write_file(submission / "01_tasks/task_group.cpp", "int x;\nvoid f() {\n  ++x;\n}\nvoid g() {\n  x = 0;\n}\n");
    Report report;
    report.submission = "solutions";
    ExerciseResult ex{.id = "01", .dir = "01_tasks", .title = "Tasks <&>", .score = 3, .max_score = 10};
    ex.checks.push_back({.name = "race-free",
                         .kind = CheckKind::kRace,
                         .status = CheckStatus::kFail,
                         .max_points = 5,
                         .message = "ThreadSanitizer: Data race:\n  write by thread T1 at "
                                    "solutions/01_tasks/task_group.cpp:3 (f)\n  earlier write by main thread at "
                                    "solutions/01_tasks/task_group.cpp:6 (g)\n  <script>alert(1)</script>",
                         .file = "solutions/01_tasks/task_group.cpp",
                         .line = 3});
    ex.checks.push_back({.name = "Tasks.Run", .status = CheckStatus::kPass, .points = 3, .max_points = 3});
    report.exercises.push_back(ex);
    return report;
  }
  HtmlReportSources sources() { return {root.path(), submission}; }
};

TEST_F(HtmlReportTest, ARaceShowsBothAccessesWithTheirCode) {
  std::string html = render_html_report(race_report(), sources());
  EXPECT_EQ(count(html, "<article class=\"lost race\""), 1u);
  EXPECT_EQ(count(html, "<figure>"), 2u);
  EXPECT_NE(html.find("<mark>    3 |   ++x;</mark>"), std::string::npos);
  EXPECT_NE(html.find("<mark>    6 |   x = 0;</mark>"), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("Tasks &lt;&amp;&gt;"), std::string::npos);
  // A passed check is on the score card, not among the points lost.
  EXPECT_EQ(count(html, "data-check=\"Tasks.Run\""), 0u);
}

TEST_F(HtmlReportTest, QuotesOnlyFilesInsideTheSubmission) {
  Report report = race_report();
  write_file(root / "secret/answer.cpp", "a\nb\nTHE ANSWER\n");
  fs::create_directories(submission / "linked");
  fs::create_symlink(root / "secret/answer.cpp", submission / "01_tasks/link.cpp");
  fs::create_directory_symlink(root / "secret", submission / "01_tasks/dir");
  report.exercises[0].checks[0].message =
      "at secret/answer.cpp:3\nat solutions/01_tasks/link.cpp:3\nat solutions/01_tasks/dir/answer.cpp:3\n"
      "at solutions/../secret/answer.cpp:3";
  report.exercises[0].checks[0].file = "";
  std::string html = render_html_report(report, sources());
  EXPECT_EQ(html.find("THE ANSWER"), std::string::npos);
  EXPECT_EQ(count(html, "<figure>"), 0u);
}

TEST_F(HtmlReportTest, DrawsTheCurveOneCoreBarsTimelineAndDiagnosis) {
  Report report = race_report();
  PerformanceFigures perf{.benchmark = "cpu_heavy", .ratio = 1.5, .student_ns = 2e6, .reference_ns = 1e6};
  perf.one_core_ns = 3.6e6;
  perf.cores = 2;
  perf.bottleneck = "serialized";
  perf.cause = "synchronization";
  perf.cause_confidence = "likely";
  for (int w : {1, 2, 4})
    perf.curve.push_back({.name = "cpu_heavy/workers:" + std::to_string(w),
                          .student_ns = 4e6 / w,
                          .reference_ns = 4e6 / std::min(w, 2),
                          .student_low_ns = 3.9e6 / w,
                          .student_high_ns = 4.2e6 / w,
                          .disturbed = w == 4});
  report.exercises[0].performance = perf;
  write_file(root / "timeline.json",
             R"({"traceEvents":[{"ph":"X","name":"t","pid":1,"tid":1,"ts":0,"dur":9,"args":{"cpu":0}},)"
             R"({"ph":"X","name":"t","pid":1,"tid":2,"ts":3,"dur":9,"args":{"cpu":0}}]})");
  report.exercises[0].timeline_file = "timeline.json";
  std::string html = render_html_report(report, sources());
  EXPECT_EQ(count(html, "data-series=\"yours\""), 3u);
  EXPECT_EQ(count(html, "data-series=\"reference\""), 3u);
  EXPECT_EQ(count(html, "class=\"whisker\""), 3u);
  EXPECT_EQ(count(html, "class=\"disturbed\""), 2u);
  EXPECT_EQ(count(html, "class=\"cores-marker\""), 1u);
  EXPECT_EQ(count(html, "class=\"bar\""), 2u);
  EXPECT_EQ(count(html, "data-lanes=\"2\""), 1u);
  EXPECT_NE(html.find("synchronization (likely)"), std::string::npos);
}

TEST_F(HtmlReportTest, AMissingOrLinkedTimelineIsSaidNotDrawn) {
  Report report = race_report();
  write_file(root / "real.json", R"({"traceEvents":[{"ph":"X","name":"t","pid":1,"tid":1,"ts":0,"dur":9}]})");
  fs::create_symlink(root / "real.json", root / "timeline.json");
  report.exercises[0].timeline_file = "timeline.json";
  std::string html = render_html_report(report, sources());
  EXPECT_EQ(count(html, "class=\"chart timeline\""), 0u);
  EXPECT_NE(html.find("symbolic link"), std::string::npos);
}

}  // namespace
}  // namespace grader
