// What every exercise's benchmark main() shares with the grader.
//
//   int main(int argc, char** argv) {
//     course_bench::initialize(&argc, argv);         // instead of benchmark::Initialize
//     course_bench::fix(benchmark::RegisterBenchmark(...));
//     course_bench::run_and_report();                 // instead of RunSpecifiedBenchmarks
//   }
//
// The grader scores a benchmark on two clocks: the times the benchmark
// reports, and its own wall clock around the whole process. For the two to
// be comparable it asks for a fixed number of iterations
// (--course_iterations=N), so that the process runs N iterations and hardly
// anything else; and it reads the results only from its own channel
// (channel/channel.h), never from a file the submission could write.
//
// The inputs a benchmark times are drawn from a seed the grader picks for
// each run (--course_seed=N), so that no submission can recognise them and
// answer from a table; the benchmark checks every answer it timed against
// what the course computes itself, and ends with SkipWithError("wrong
// results: ...") when one is wrong.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>

namespace course_bench {

// benchmark::Initialize, after taking --course_iterations=N and
// --course_seed=N out of argv.
void initialize(int* argc, char** argv);

// The seed every generated input of this run derives from: the grader's
// --course_seed, or without it one drawn from std::random_device (pass
// --course_seed=N to replay a run by hand). Call after Initialize.
std::uint64_t seed();

// Applies the grader's fixed iteration count, when it asked for one, to a
// registered benchmark, and returns it.
benchmark::internal::Benchmark* fix(benchmark::internal::Benchmark* benchmark);

// fix() for the course's usual benchmark: timed on the wall clock (threads
// overlap), with the whole process's CPU time beside it (what the grader's
// diagnosis compares), in milliseconds.
inline benchmark::internal::Benchmark* fix_timed(benchmark::internal::Benchmark* benchmark) {
  return fix(benchmark->UseRealTime()->MeasureProcessCPUTime()->Unit(benchmark::kMillisecond));
}

// Runs the selected benchmarks. Under the grader their results go to its
// channel as Google Benchmark's JSON; otherwise to the console as usual.
void run_and_report();

}  // namespace course_bench
