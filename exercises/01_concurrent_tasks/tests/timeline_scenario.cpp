// The timeline of exercise 01 (course_testing/timeline_recorder.h): the
// demo's downloads, tasks that spend nearly all their time waiting, through
// the student's run_concurrently, first with the process pinned to one CPU
// (as `taskset -c 0` does), then on every CPU it may use. On one core the
// tasks still overlap in time: concurrency without parallelism.
#include <sched.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "course/run_concurrently.h"
#include "course_testing/timeline_recorder.h"

namespace course_timeline {
namespace {

constexpr int kTasks = 3;
constexpr int kChunks = 4;
constexpr auto kChunk = std::chrono::milliseconds(15);

void run_downloads(Recorder& recorder) {
  std::vector<std::function<void()>> tasks;
  for (int t = 1; t <= kTasks; ++t)
    tasks.push_back(recorder.wrap("task " + std::to_string(t), [] {
      for (int i = 0; i < kChunks; ++i) std::this_thread::sleep_for(kChunk);
    }));
  try {
    course::run_concurrently(std::move(tasks));
  } catch (...) {  // a stub's NotImplemented, or the student's own error: the spans recorded stay
  }
}

}  // namespace

void Scenario(Recorder& recorder) {
  cpu_set_t all;
  CPU_ZERO(&all);
  sched_getaffinity(0, sizeof all, &all);
  int one = 0;  // CPU 0 when the process may use it, else the first it may
  while (one < CPU_SETSIZE - 1 && !CPU_ISSET(one, &all)) ++one;
  cpu_set_t pinned;
  CPU_ZERO(&pinned);
  CPU_SET(one, &pinned);
  sched_setaffinity(0, sizeof pinned, &pinned);  // the threads run_concurrently starts inherit it
  recorder.begin_run("on one core (taskset -c " + std::to_string(one) + ")", "thread");
  run_downloads(recorder);
  recorder.end_run();
  sched_setaffinity(0, sizeof all, &all);
  recorder.begin_run("on all cores (" + std::to_string(CPU_COUNT(&all)) + ")", "thread");
  run_downloads(recorder);
  recorder.end_run();
}

}  // namespace course_timeline
