// CORPUS CASE lock_held_while_running
// Bug: a worker keeps the queue's mutex locked while it runs a job ("the
// lock is already held, so run the job and count it done in one go"). Every
// other worker, and submit(), then waits for the running job to finish: the
// pool runs one job at a time, and a job that calls submit() locks a mutex
// its own thread already holds.
// Verdict the grader must give: WorkerPool.RunsWorkersJobsAtOnce fails by
// the test's own bounded rendezvous (only 1 of 4 jobs ever runs at once),
// with a message, not by the grader's time limit; and
// WorkerPool.WaitIdleWaitsForJobsThatJobsSubmit hangs (a job's submit()
// waits for the mutex its own worker holds), so "no timeouts" fails with a
// thread in WorkerPool::submit. No data race.
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
  std::condition_variable work_ready;            // queue not empty, or stopping
  std::condition_variable all_done;              // unfinished dropped to 0
  std::deque<std::packaged_task<void()>> queue;  // guarded by mutex
  std::size_t unfinished = 0;                    // queued + running jobs; guarded by mutex
  bool stopping = false;                         // guarded by mutex
  std::vector<std::thread> threads;              // touched by the owner only

  void work();
  void stop_and_join();
};

void WorkerPool::State::work() {
  std::unique_lock lock(mutex);
  for (;;) {
    // The predicate is checked under the mutex before sleeping, so a job
    // pushed just before we sleep is never missed. The queue is drained
    // before `stopping` is obeyed: the destructor runs every queued job.
    work_ready.wait(lock, [this] { return !queue.empty() || stopping; });
    if (queue.empty()) return;
    std::packaged_task<void()> job = std::move(queue.front());
    queue.pop_front();

    // The lock is already held, so run the job and count it done in one go.
    // The packaged_task stores whatever the job throws in its future.
    job();
    job = {};
    if (--unfinished == 0) all_done.notify_all();
  }
}

void WorkerPool::State::stop_and_join() {
  {
    std::lock_guard lock(mutex);
    stopping = true;
  }
  work_ready.notify_all();
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
  // Notify after unlocking, so the woken worker does not block at once on
  // the mutex we still hold. The worker re-checks the queue under the mutex,
  // so this wakeup cannot be lost.
  state_->work_ready.notify_one();
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
