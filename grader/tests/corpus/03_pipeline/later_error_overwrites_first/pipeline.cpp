// Corpus case: the pipeline rethrows the LAST exception a stage threw, not
// the first (see FirstError::record).
// run_pipeline: `fetchers` threads take inputs by index and send what they
// fetch into a Channel of `buffer` items; `workers` threads receive from it
// and compute, each writing its result into the input's own slot. The
// calling thread only starts, closes and joins.
//
// Stopping on an error takes two signals: a flag that every thread checks
// before it starts another call, and closing the channel, which wakes a
// fetcher blocked on a full channel (send fails) and a worker blocked on an
// empty one (receive ends).
#include "course/pipeline.h"

#include <atomic>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>

namespace course {
namespace {

// Meant to keep the first exception any stage throws, but keeps the last:
// each record() overwrites the one before.
class FirstError {
 public:
  void record(std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    error_ = std::move(error);  // Bug: a later error replaces the first
    failed_.store(true, std::memory_order_release);
  }

  // Cheap enough to ask before every call.
  bool failed() const { return failed_.load(std::memory_order_acquire); }

  // Only once every thread that could record() has been joined.
  void rethrow_if_any() {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  std::mutex mutex_;
  std::exception_ptr error_;  // guarded by mutex_
  std::atomic<bool> failed_{false};
};

// What every thread of one run shares. Lives on the caller's stack, and
// the caller joins every thread before it goes away.
class Run {
 public:
  Run(const std::vector<std::string>& inputs, const FetchFn& fetch, const ComputeFn& compute, std::size_t buffer)
      : inputs_(inputs), fetch_(fetch), compute_(compute), channel_(buffer), results_(inputs.size()) {}

  void fetcher() {
    try {
      while (!error_.failed()) {
        std::size_t index = next_input_.fetch_add(1, std::memory_order_relaxed);
        if (index >= inputs_.size()) return;
        // send() blocks while the channel is full: this is what keeps the
        // fetchers from running ahead of the workers.
        if (!channel_.send({index, fetch_(inputs_[index])})) return;  // closed: a stage failed
      }
    } catch (...) {
      fail();
    }
  }

  void worker() {
    try {
      while (std::optional<Item> item = channel_.receive()) {
        if (error_.failed()) return;  // the items left behind die with the channel
        // Each index is sent once, so no two workers write the same slot.
        results_[item->index] = compute_(std::move(item->value));
      }
    } catch (...) {
      fail();
    }
  }

  // Called on the calling thread once every fetcher has been joined: no
  // more items will come, and the workers end when they have taken the rest.
  void fetching_done() { channel_.close(); }

  // Called from a catch block.
  void fail() {
    error_.record(std::current_exception());
    channel_.close();
  }

  // Only once every thread has been joined.
  std::vector<std::string> take_results() {
    error_.rethrow_if_any();
    return std::move(results_);
  }

 private:
  const std::vector<std::string>& inputs_;
  const FetchFn& fetch_;
  const ComputeFn& compute_;
  Channel channel_;
  std::atomic<std::size_t> next_input_{0};
  FirstError error_;
  std::vector<std::string> results_;  // slot i written by the worker that computes input i
};

void join_all(std::vector<std::thread>& threads) {
  for (std::thread& thread : threads) thread.join();
}

}  // namespace

std::vector<std::string> run_pipeline(const std::vector<std::string>& inputs, const FetchFn& fetch,
                                      const ComputeFn& compute, StageLimits limits) {
  if (limits.fetchers == 0 || limits.workers == 0 || limits.buffer == 0)
    throw std::invalid_argument("run_pipeline needs at least 1 fetcher, 1 worker and a buffer of 1");
  Run run(inputs, fetch, compute, limits.buffer);
  std::vector<std::thread> fetchers;
  std::vector<std::thread> workers;
  try {
    for (std::size_t i = 0; i < limits.fetchers; ++i) fetchers.emplace_back([&run] { run.fetcher(); });
    for (std::size_t i = 0; i < limits.workers; ++i) workers.emplace_back([&run] { run.worker(); });
  } catch (...) {
    // A thread that could not start is an error like a stage's: the
    // threads that did start stop, and are joined below.
    run.fail();
  }
  join_all(fetchers);
  run.fetching_done();
  join_all(workers);
  return run.take_results();
}

}  // namespace course
