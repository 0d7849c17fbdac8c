// CORPUS CASE queue_without_lock
// Bug: submit() pushes the job onto the std::deque without the mutex ("a
// single push_back"), and takes the mutex only to count the job. Workers pop
// from the same deque under the mutex, so a push races with every pop and
// empty() check, and with other submitters' pushes.
// Verdict the grader must give: race-free fails, pointing at
// worker_pool.cpp (WorkerPool::submit against WorkerPool::State::work).
// What else breaks (lost or repeated jobs, a corrupted deque that crashes)
// depends on the interleaving.
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

    // Run the job without the lock, or the pool would run one job at a time.
    // The packaged_task stores whatever the job throws in its future.
    lock.unlock();
    job();
    // Destroy the task before relocking: if no one kept its future, this
    // destroys the job's captures, and their destructors may even submit().
    job = {};
    lock.lock();

    // Still holding the lock, count the job done and go straight back to
    // the queue: one lock round trip per job, not two.
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
  // push_back is a single call; the mutex only has to guard the counter
  // and the workers' side of the queue.
  state_->queue.push_back(std::move(task));
  {
    std::lock_guard lock(state_->mutex);
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
