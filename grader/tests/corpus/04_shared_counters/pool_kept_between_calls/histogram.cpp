// CORPUS CASE pool_kept_between_calls
// Bug: the helper threads are started once and kept, asleep on a condition
// variable, for the next call ("threads are expensive, reuse them"). The
// counts are exact and there is no race, but the threads outlive the call,
// against the contract.
// Verdict the grader must give: JoinsEveryThreadBeforeReturning fails (the
// threads never leave /proc/self/task); every other test passes.
#include "course/histogram.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace course {
namespace {

// Never destroyed: its threads are still waiting when the process exits.
struct Pool {
  std::mutex mutex;
  std::condition_variable work;
  std::deque<std::function<void()>> tasks;  // guarded by mutex
  std::size_t size = 0;                     // guarded by mutex

  void grow_to(std::size_t helpers) {
    std::lock_guard lock(mutex);
    for (; size < helpers; ++size) std::thread([this] { run(); }).detach();
  }

  void post(std::function<void()> task) {
    {
      std::lock_guard lock(mutex);
      tasks.push_back(std::move(task));
    }
    work.notify_one();
  }

  void run() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock lock(mutex);
        work.wait(lock, [this] { return !tasks.empty(); });
        task = std::move(tasks.front());
        tasks.pop_front();
      }
      task();
    }
  }
};

Pool& pool() {
  static Pool& pool = *new Pool;
  return pool;
}

}  // namespace

Histogram histogram(std::span<const std::uint32_t> data, std::size_t threads) {
  if (threads == 0) throw std::invalid_argument("histogram: threads must be at least 1");
  std::vector<Histogram> partial(threads);
  auto count = [&partial, data, threads](std::size_t t) {
    std::size_t begin = data.size() * t / threads;
    std::size_t end = data.size() * (t + 1) / threads;
    Histogram counts{};
    for (std::size_t i = begin; i < end; ++i) ++counts[bin_of(data[i])];
    partial[t] = counts;
  };
  std::mutex mutex;
  std::condition_variable finished;
  std::size_t remaining = threads - 1;  // guarded by mutex
  pool().grow_to(threads - 1);
  for (std::size_t t = 1; t < threads; ++t) {
    pool().post([&, t] {
      count(t);
      std::lock_guard lock(mutex);
      if (--remaining == 0) finished.notify_one();
    });
  }
  count(0);
  {
    std::unique_lock lock(mutex);
    finished.wait(lock, [&] { return remaining == 0; });
  }
  Histogram total{};
  for (const Histogram& counts : partial)
    for (std::size_t bin = 0; bin < kBins; ++bin) total[bin] += counts[bin];
  return total;
}

}  // namespace course
