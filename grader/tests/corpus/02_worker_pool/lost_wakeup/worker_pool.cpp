// CORPUS CASE lost_wakeup
// Bug: a lost wakeup. An idle worker peeks at an atomic count of queued jobs
// without the mutex ("no need to lock just to look"), and only then locks
// and sleeps on the condition variable with no predicate re-checked under
// the mutex. A job queued (or the destructor's stop) between the peek and
// the wait notifies nobody: that worker sleeps until the next notify, and
// when every worker is asleep that way the job is never run, or the
// destructor's join never returns.
// Verdict the grader must give: no data race (the count and the flag are
// atomic, the queue is only touched under the mutex); when the window is
// hit, a test times out and the "no timeouts" stacks show a worker asleep in
// course::WorkerPool::State::work. Timing-dependent: see expect.json for how
// often the tests catch it.
#include "course/worker_pool.h"

#include <atomic>
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
  std::condition_variable work_ready;            // a job was queued, or stopping
  std::condition_variable all_done;              // unfinished dropped to 0
  std::deque<std::packaged_task<void()>> queue;  // guarded by mutex
  std::atomic<std::size_t> queued{0};            // queue.size(), readable without the mutex
  std::size_t unfinished = 0;                    // queued + running jobs; guarded by mutex
  std::atomic<bool> stopping{false};
  std::vector<std::thread> threads;  // touched by the owner only

  void work();
  void stop_and_join();
};

void WorkerPool::State::work() {
  for (;;) {
    // Peek at the atomic count first: no need to lock just to find out that
    // there is nothing to do.
    if (queued.load() == 0) {
      if (stopping.load()) return;
      // Nothing queued: sleep until submit() or the destructor notifies.
      std::unique_lock lock(mutex);
      work_ready.wait(lock);
      continue;
    }
    std::unique_lock lock(mutex);
    if (queue.empty()) continue;  // another worker was faster
    std::packaged_task<void()> job = std::move(queue.front());
    queue.pop_front();
    queued.fetch_sub(1);

    lock.unlock();
    job();
    job = {};
    lock.lock();
    if (--unfinished == 0) all_done.notify_all();
  }
}

void WorkerPool::State::stop_and_join() {
  stopping.store(true);
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
    state_->queued.fetch_add(1);
    ++state_->unfinished;
  }
  // Notify after unlocking, so the woken worker does not block at once on
  // the mutex we still hold.
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
