// A fixed-size pool of worker threads for CPU-bound jobs: parallelism
// bounded by the cores the process may use.
#pragma once

#include <cstddef>
#include <functional>
#include <future>
#include <memory>

#include "course/available_cores.h"

namespace course {

// Thread-safety: submit(), wait_idle() and size() may be called from any
// threads at once. The pool owns its threads and every queued job; what a
// job refers to (it captures by reference at its own risk) must live until
// its future is ready.
class WorkerPool {
 public:
  // Starts exactly `workers` threads, which live as long as the pool.
  // Throws std::invalid_argument when workers is 0.
  explicit WorkerPool(std::size_t workers = available_cores());

  // Runs every job already submitted (and every job those jobs submit while
  // the queue drains), then joins the workers. Must not be called from
  // inside a job, nor while another thread still calls submit().
  ~WorkerPool();

  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `job` and returns at once. The future becomes ready when the job
  // has run; if the job threw, the future rethrows its exception. Jobs may
  // call submit() themselves. Safe to call from any thread.
  std::future<void> submit(std::function<void()> job);

  // Blocks until the queue is empty and no job is running, including jobs
  // that running jobs submitted. Must not be called from inside a job.
  void wait_idle();

  // The number of worker threads.
  std::size_t size() const;

 private:
  // Your state (threads, queue, mutex, condition variables, ...) goes in
  // State, defined in solutions/02_worker_pool/worker_pool.cpp. Idle workers
  // must sleep on a condition variable, not spin.
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace course
