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
  ASSERT_EQ(results.size(), 2u) << "aggregates and errored runs are left out";
  EXPECT_EQ(results[0].name, "score") << "how it was timed is not part of the name";
  EXPECT_DOUBLE_EQ(results[0].real_ns, 52.5e6);
  EXPECT_DOUBLE_EQ(results[0].cpu_ns, 1.5e6);
  EXPECT_EQ(results[0].iterations, 9);
  EXPECT_DOUBLE_EQ(results[0].counters.at("jobs_per_second"), 1219.0);
  EXPECT_DOUBLE_EQ(results[1].real_ns, 1.2e6);
  EXPECT_DOUBLE_EQ(results[1].counters.at("ns_per_job"), 120.0);
  EXPECT_EQ(results[1].counters.count("iterations"), 0u);
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
}

}  // namespace
}  // namespace grader
