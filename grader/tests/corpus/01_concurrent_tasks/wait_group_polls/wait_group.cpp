// Bug: wait() polls. It looks at the counter under the mutex and, while it
// is not 0, sleeps a millisecond and looks again, so a blocked waiter asks
// for little CPU but wakes a thousand times a second. Every answer is right
// and there is no data race: only the idle test's wake-up count sees it.
#include "course/wait_group.h"

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace course {

struct WaitGroup::State {
  std::mutex mutex;
  int count = 0;  // guarded by mutex
};

WaitGroup::WaitGroup() : state_(std::make_unique<State>()) {}

WaitGroup::~WaitGroup() = default;

void WaitGroup::add(int n) {
  std::lock_guard lock(state_->mutex);
  if (state_->count + n < 0) throw std::logic_error("WaitGroup: counter would become negative");
  state_->count += n;
}

void WaitGroup::done() { add(-1); }

void WaitGroup::wait() {
  for (;;) {
    {
      std::lock_guard lock(state_->mutex);
      if (state_->count == 0) return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace course
