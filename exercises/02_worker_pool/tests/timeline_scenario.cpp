// The timeline of exercise 02 (course_testing/timeline_recorder.h): CPU-heavy
// jobs (the benchmark's) through the student's WorkerPool, one worker per CPU
// the process may use (at least two), one lane per worker: a pool that runs
// its jobs in parallel shows bars at the same instant on different CPUs, one
// that serializes them (a lock held while a job runs) never does.
#include <sched.h>

#include <algorithm>
#include <string>
#include <vector>

#include "../bench/cpu_jobs.h"
#include "course/worker_pool.h"
#include "course_testing/timeline_recorder.h"

namespace course_timeline {

void Scenario(Recorder& recorder) {
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  sched_getaffinity(0, sizeof cpus, &cpus);
  const std::size_t workers = std::clamp<std::size_t>(CPU_COUNT(&cpus), 2, 8);
  constexpr std::size_t kJobs = 12;
  constexpr long kRounds = 4 * course_bench::kRoundsPerJob / 2;  // about 4 ms each
  std::vector<std::uint64_t> results(kJobs);
  recorder.begin_run("all cores, " + std::to_string(workers) + " workers", "worker");
  try {
    course::WorkerPool pool(workers);
    for (std::size_t j = 0; j < kJobs; ++j)
      pool.submit(recorder.wrap("job " + std::to_string(j + 1),
                                [&results, j] { results[j] = course_bench::cpu_job(j + 1, kRounds); }));
    pool.wait_idle();
  } catch (...) {  // a stub's NotImplemented, or the student's own error: the spans recorded stay
  }
  recorder.end_run();
}

}  // namespace course_timeline
