// CORPUS CASE thread_per_job
// Bug: there are no workers. The constructor only remembers the count, and
// submit() starts a detached std::thread for every job; a counter of
// unfinished jobs lets wait_idle() and the destructor wait for them. Every
// job runs and every future is right, but the pool starts no threads of its
// own and one per job, so nothing bounds how many jobs run at once.
// Verdict the grader must give: WorkerPool.StartsExactlyWorkersThreads fails
// (0 threads after construction, 12 with 12 jobs) and
// WorkerPool.NeverRunsMoreThanWorkersJobsAtOnce fails (all 12 jobs at once
// in a pool of 2); no data race.
#include "course/worker_pool.h"

#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

namespace course {

struct WorkerPool::State {
  std::size_t workers = 0;
  std::mutex mutex;
  std::condition_variable all_done;
  std::size_t unfinished = 0;  // guarded by mutex
};

WorkerPool::WorkerPool(std::size_t workers) : state_(std::make_unique<State>()) {
  if (workers == 0) throw std::invalid_argument("WorkerPool needs at least one worker");
  state_->workers = workers;
}

WorkerPool::~WorkerPool() { wait_idle(); }

std::future<void> WorkerPool::submit(std::function<void()> job) {
  std::packaged_task<void()> task(std::move(job));
  std::future<void> future = task.get_future();
  {
    std::lock_guard lock(state_->mutex);
    ++state_->unfinished;
  }
  // A fresh thread for each job: it runs the job at once, never waiting in
  // a queue.
  std::thread([s = state_.get(), task = std::move(task)]() mutable {
    task();
    task = {};
    std::lock_guard lock(s->mutex);
    if (--s->unfinished == 0) s->all_done.notify_all();
  }).detach();
  return future;
}

void WorkerPool::wait_idle() {
  std::unique_lock lock(state_->mutex);
  state_->all_done.wait(lock, [this] { return state_->unfinished == 0; });
}

std::size_t WorkerPool::size() const { return state_->workers; }

}  // namespace course
