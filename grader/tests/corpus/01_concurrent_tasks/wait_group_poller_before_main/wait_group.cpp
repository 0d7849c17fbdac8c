// WaitGroup whose waiters sleep on a condition variable, but nobody notifies
// them when the counter reaches zero: one dispatcher thread, started while
// the program loads (before main), spins over every live WaitGroup and wakes
// the waiters of those at zero. Correct and race-free, and one core is busy
// for as long as the program runs.
#include "course/wait_group.h"

#include <condition_variable>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

namespace course {

namespace {

struct Group {
  std::mutex mutex;
  std::condition_variable zero;  // notified by the dispatcher
  int count = 0;                 // guarded by mutex
};

struct Dispatcher {
  std::mutex mutex;
  std::set<Group*> groups;  // guarded by mutex

  Dispatcher() {
    std::thread([this] {
      for (;;) {
        {
          std::lock_guard lock(mutex);
          for (Group* group : groups) {
            std::lock_guard group_lock(group->mutex);
            if (group->count == 0) group->zero.notify_all();
          }
        }
        std::this_thread::yield();
      }
    }).detach();
  }
};

// Never destroyed: the dispatcher thread uses it until the process ends.
Dispatcher& dispatcher = *new Dispatcher;

}  // namespace

struct WaitGroup::State : Group {};

WaitGroup::WaitGroup() : state_(std::make_unique<State>()) {
  std::lock_guard lock(dispatcher.mutex);
  dispatcher.groups.insert(state_.get());
}

WaitGroup::~WaitGroup() {
  std::lock_guard lock(dispatcher.mutex);
  dispatcher.groups.erase(state_.get());
}

void WaitGroup::add(int n) {
  std::lock_guard lock(state_->mutex);
  if (state_->count + n < 0) throw std::logic_error("WaitGroup: counter would become negative");
  state_->count += n;
}

void WaitGroup::done() { add(-1); }

void WaitGroup::wait() {
  std::unique_lock lock(state_->mutex);
  state_->zero.wait(lock, [this] { return state_->count == 0; });
}

}  // namespace course
