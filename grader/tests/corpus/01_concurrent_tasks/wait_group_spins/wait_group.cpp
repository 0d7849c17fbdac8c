// Bug: wait() never sleeps. It spins on an atomic counter, calling
// std::this_thread::yield() between looks, so every blocked waiter keeps a
// core busy (or queued to run) for as long as it waits. Every answer is
// right and there is no data race: only the idle-CPU test can see it.
#include "course/wait_group.h"

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace course {

struct WaitGroup::State {
  std::mutex mutex;  // serialises add()'s check and update
  std::atomic<int> count{0};
};

WaitGroup::WaitGroup() : state_(std::make_unique<State>()) {}

WaitGroup::~WaitGroup() = default;

void WaitGroup::add(int n) {
  std::lock_guard lock(state_->mutex);
  int now = state_->count.load();
  if (now + n < 0) throw std::logic_error("WaitGroup: counter would become negative");
  state_->count.store(now + n);
}

void WaitGroup::done() { add(-1); }

void WaitGroup::wait() {
  while (state_->count.load() != 0) std::this_thread::yield();
}

}  // namespace course
