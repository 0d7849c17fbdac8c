#include "bench_run.h"

#include <gtest/gtest.h>

namespace grader {
namespace {

const char* kJson = R"({"context": {"num_cpus": 2}, "benchmarks": [
  {"name": "score/process_time/real_time", "run_name": "score/process_time/real_time", "run_type": "iteration", "repetitions": 1, "repetition_index": 0,
   "threads": 1, "iterations": 9, "real_time": 52.5, "cpu_time": 1.5, "time_unit": "ms", "jobs_per_second": 1219.0},
  {"name": "empty_jobs", "run_name": "empty_jobs", "run_type": "iteration", "iterations": 40,
   "real_time": 1200.0, "cpu_time": 900.0, "time_unit": "us", "ns_per_job": 120.0},
  {"name": "score_mean", "run_name": "score", "run_type": "aggregate", "aggregate_name": "mean",
   "real_time": 50.0, "cpu_time": 1.0, "time_unit": "ms"},
  {"name": "broken", "run_type": "iteration", "error_occurred": true, "error_message": "x"}]})";

TEST(BenchRun, ReadsIterationsInNanosecondsWithTheirCounters) {
  auto results = parse_benchmark_json(kJson);
  ASSERT_EQ(results.size(), 3u) << "aggregates are left out";
  EXPECT_EQ(results[0].name, "score") << "how it was timed is not part of the name";
  EXPECT_DOUBLE_EQ(results[0].real_ns, 52.5e6);
  EXPECT_DOUBLE_EQ(results[0].cpu_ns, 1.5e6);
  EXPECT_EQ(results[0].iterations, 9);
  EXPECT_DOUBLE_EQ(results[0].counters.at("jobs_per_second"), 1219.0);
  EXPECT_DOUBLE_EQ(results[1].real_ns, 1.2e6);
  EXPECT_DOUBLE_EQ(results[1].counters.at("ns_per_job"), 120.0);
  EXPECT_EQ(results[1].counters.count("iterations"), 0u);
  EXPECT_EQ(results[0].error, "");
}

// A benchmark that checked the answers it timed and found one wrong ends
// with SkipWithError: its message is what the grader tells the student.
TEST(BenchRun, KeepsTheMessageOfABenchmarkThatStoppedWithAnError) {
  auto results = parse_benchmark_json(kJson);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[2].name, "broken");
  EXPECT_EQ(results[2].error, "x");
  EXPECT_DOUBLE_EQ(results[2].real_ns, 0) << "an errored run has no times";

  const char* wrong = R"({"benchmarks": [{"name": "score/iterations:3/process_time/real_time",
    "run_name": "score/iterations:3/process_time/real_time", "run_type": "iteration", "iterations": 0,
    "real_time": 0.0, "cpu_time": 0.0, "time_unit": "ms", "error_occurred": true,
    "error_message": "wrong results: bin 3 holds 7"},
    {"name": "silent", "run_type": "iteration", "error_occurred": true}]})";
  results = parse_benchmark_json(wrong);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].name, "score");
  EXPECT_EQ(results[0].error, "wrong results: bin 3 holds 7");
  EXPECT_NE(results[1].error, "") << "an error without a message is still an error";
}

TEST(BenchRun, AnErrorMessageIsBoundedAndStaysUtf8) {
  // 399 bytes of 'a', then a two-byte character straddling the 400th byte.
  std::string message(399, 'a');
  message += "\u00e9";
  message += std::string(5000, 'b');
  std::string json =
      R"({"benchmarks": [{"name": "score", "run_type": "iteration", "error_occurred": true, "error_message": ")" +
      message + R"("}]})";
  auto results = parse_benchmark_json(json);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_LT(results[0].error.size(), 420u);
  EXPECT_EQ(results[0].error.substr(0, 399), std::string(399, 'a'));
  EXPECT_EQ(results[0].error.substr(399, 4), " ...") << "cut before the character, not inside it";
}

// A fixed iteration count (--course_iterations) adds "/iterations:N" to the
// name; it is still the benchmark the rubric names.
TEST(BenchRun, NamesLoseHowTheyWereMeasured) {
  const char* json = R"({"benchmarks": [
    {"name": "score/iterations:3/process_time/real_time", "run_name": "score/iterations:3/process_time/real_time",
     "run_type": "iteration", "iterations": 3, "real_time": 70.5, "cpu_time": 139.0, "time_unit": "ms"},
    {"name": "cpu_heavy/workers:2/real_time", "run_type": "iteration", "iterations": 4, "real_time": 71.0,
     "cpu_time": 1.0, "time_unit": "ms"}]})";
  auto results = parse_benchmark_json(json);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].name, "score");
  EXPECT_EQ(results[0].iterations, 3);
  EXPECT_DOUBLE_EQ(results[0].real_ns, 70.5e6);
  EXPECT_EQ(results[1].name, "cpu_heavy/workers:2");
}

TEST(BenchRun, GarbageIsNoResult) {
  EXPECT_TRUE(parse_benchmark_json("").empty());
  EXPECT_TRUE(parse_benchmark_json("{\"benchmarks\": [").empty());
  EXPECT_TRUE(parse_benchmark_json("[1, 2]").empty());
  EXPECT_TRUE(parse_benchmark_json(R"({"benchmarks": 3})").empty());
  // Entries of the wrong shape are no result, and do not stop the others.
  auto results = parse_benchmark_json(R"({"benchmarks": [7, {"name": 5, "run_type": "iteration"},
    {"name": "x", "run_type": "iteration", "error_occurred": true, "error_message": 12},
    {"name": "ok", "run_type": "iteration", "real_time": 1.0}]})");
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].name, "ok");
}

}  // namespace
}  // namespace grader
