// The timeline of exercise 03 (course_testing/timeline_recorder.h): the
// student's run_pipeline with a fetch that waits (a sleep, like a network
// request) and a compute that only computes, two of each at once at most,
// one lane per thread that called them.
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "course/pipeline.h"
#include "course_testing/timeline_recorder.h"

namespace course_timeline {
namespace {

std::uint64_t mix(std::uint64_t x, long rounds) {
  for (long i = 0; i < rounds; ++i) {
    x ^= x >> 31;
    x *= 0x7fb5d329728ea185ULL;
    x ^= x >> 33;
  }
  return x;
}

}  // namespace

void Scenario(Recorder& recorder) {
  std::vector<std::string> inputs;
  for (int i = 1; i <= 12; ++i) inputs.push_back(std::to_string(i));
  course::FetchFn fetch = recorder.wrap("fetch", [](const std::string& input) {
    std::this_thread::sleep_for(std::chrono::milliseconds(6));
    return input;
  });
  course::ComputeFn compute = recorder.wrap(
      "compute", [](std::string fetched) { return std::to_string(mix(std::stoull(fetched), 1'500'000)); });
  recorder.begin_run("fetchers 2, workers 2, buffer 2", "thread");
  try {
    course::run_pipeline(inputs, fetch, compute, {.fetchers = 2, .workers = 2, .buffer = 2});
  } catch (...) {  // a stub's NotImplemented, or the student's own error: the spans recorded stay
  }
  recorder.end_run();
}

}  // namespace course_timeline
