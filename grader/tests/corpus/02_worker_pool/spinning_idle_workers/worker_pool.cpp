// CORPUS CASE spinning_idle_workers
// Bug: idle workers never sleep. A worker that finds the queue empty calls
// std::this_thread::yield() and looks again, so every idle worker keeps a
// core busy (and keeps taking the queue's mutex) instead of sleeping on a
// condition variable. Every job still runs, exactly once.
// Verdict the grader must give: WorkerPool.IdleWorkersBurnNoCpu fails (8
// idle workers use far more than 100 ms of CPU time in 300 ms); no data
// race.
#include "course/worker_pool.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

namespace course {

struct WorkerPool::State {
  std::mutex mutex;
  std::condition_variable all_done;              // unfinished dropped to 0
  std::deque<std::packaged_task<void()>> queue;  // guarded by mutex
  std::size_t unfinished = 0;                    // queued + running jobs; guarded by mutex
  bool stopping = false;                         // guarded by mutex
  std::vector<std::thread> threads;              // touched by the owner only

  void work();
  void stop_and_join();
};

void WorkerPool::State::work() {
  for (;;) {
    std::packaged_task<void()> job;
    {
      std::lock_guard lock(mutex);
      if (!queue.empty()) {
        job = std::move(queue.front());
        queue.pop_front();
      } else if (stopping) {
        return;
      }
    }
    if (!job.valid()) {
      // Nothing to do yet: give the core to another thread and look again.
      std::this_thread::yield();
      continue;
    }
    job();
    job = {};
    std::lock_guard lock(mutex);
    if (--unfinished == 0) all_done.notify_all();
  }
}

void WorkerPool::State::stop_and_join() {
  {
    std::lock_guard lock(mutex);
    stopping = true;
  }
  for (std::thread& thread : threads) thread.join();
}

WorkerPool::WorkerPool(std::size_t workers) : state_(std::make_unique<State>()) {
  if (workers == 0) throw std::invalid_argument("WorkerPool needs at least one worker");
  state_->threads.reserve(workers);
  try {
    for (std::size_t i = 0; i < workers; ++i) state_->threads.emplace_back([s = state_.get()] { s->work(); });
  } catch (...) {
    // No destructor runs for a half-built object: stop the threads that did
    // start, or destroying a joinable std::thread would terminate.
    state_->stop_and_join();
    throw;
  }
}

WorkerPool::~WorkerPool() { state_->stop_and_join(); }

std::future<void> WorkerPool::submit(std::function<void()> job) {
  std::packaged_task<void()> task(std::move(job));
  std::future<void> future = task.get_future();
  {
    std::lock_guard lock(state_->mutex);
    state_->queue.push_back(std::move(task));
    ++state_->unfinished;
  }
  // No need to wake anyone: the workers keep looking at the queue.
  return future;
}

void WorkerPool::wait_idle() {
  std::unique_lock lock(state_->mutex);
  // `unfinished` counts a job from submit() until it has run, so a job that
  // a running job submits is counted before its parent stops counting: the
  // count cannot touch zero while work remains.
  state_->all_done.wait(lock, [this] { return state_->unfinished == 0; });
}

std::size_t WorkerPool::size() const { return state_->threads.size(); }

}  // namespace course
