// CORPUS CASE no_close
// Bug: the last fetcher to finish closes the channel, counted down by each
// fetcher as it leaves, but a fetcher whose fetch throws returns from its
// catch block without counting itself out. After a fetch error the count
// never reaches zero, the channel is never closed, and the workers wait in
// receive() forever while run_pipeline waits for them.
// Verdict the grader must give: the three Pipeline.FetchError* tests time
// out, and the "no timeouts" stacks show course::Channel::receive and
// course::run_pipeline; every other test passes; no data race.
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

// The first exception any stage throws; later ones are dropped.
class FirstError {
 public:
  void record(std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    if (!error_) error_ = std::move(error);
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
  Run(const std::vector<std::string>& inputs, const FetchFn& fetch, const ComputeFn& compute, std::size_t buffer,
      std::size_t fetchers)
      : inputs_(inputs),
        fetch_(fetch),
        compute_(compute),
        channel_(buffer),
        active_fetchers_(fetchers),
        results_(inputs.size()) {}

  void fetcher() {
    try {
      while (!error_.failed()) {
        std::size_t index = next_input_.fetch_add(1, std::memory_order_relaxed);
        if (index >= inputs_.size()) break;
        if (!channel_.send({index, fetch_(inputs_[index])})) break;  // closed: a stage failed
      }
    } catch (...) {
      error_.record(std::current_exception());
      return;
    }
    // The last fetcher out closes the channel: no more items will come.
    if (active_fetchers_.fetch_sub(1) == 1) channel_.close();
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
  std::atomic<std::size_t> active_fetchers_;  // fetchers not finished yet
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
  Run run(inputs, fetch, compute, limits.buffer, limits.fetchers);
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
  join_all(workers);
  return run.take_results();
}

}  // namespace course
