// CORPUS CASE busy_wait_receive
// Bug: receive() never sleeps: on an empty channel it unlocks, yields and
// looks again, so every waiting receiver keeps a core busy. The answers are
// all right; the CPU time is not.
// Verdict the grader must give: Channel.BlockedReceiversBurnNoCpu and
// Pipeline.WaitingStagesBurnNoCpu fail; no data race.
#include "course/channel.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

namespace course {

struct Channel::State {
  explicit State(std::size_t capacity) : capacity(capacity) {}

  const std::size_t capacity;
  std::mutex mutex;
  std::condition_variable not_full;   // room for an item, or closed
  std::condition_variable not_empty;  // an item to take, or closed
  std::deque<Item> items;             // guarded by mutex
  bool closed = false;                // guarded by mutex
};

Channel::Channel(std::size_t capacity) {
  if (capacity == 0) throw std::invalid_argument("a Channel needs a capacity of at least 1");
  state_ = std::make_unique<State>(capacity);
}

Channel::~Channel() = default;

bool Channel::send(Item item) {
  {
    std::unique_lock lock(state_->mutex);
    state_->not_full.wait(lock, [this] { return state_->items.size() < state_->capacity || state_->closed; });
    if (state_->closed) return false;
    state_->items.push_back(std::move(item));
  }
  // One item: one receiver can use it. Notify after unlocking so that the
  // woken receiver does not block at once on the mutex we hold.
  state_->not_empty.notify_one();
  return true;
}

std::optional<Item> Channel::receive() {
  // Look, and if there is nothing yet, let another thread run and look again.
  for (;;) {
    std::optional<Item> item;
    {
      std::unique_lock lock(state_->mutex);
      if (!state_->items.empty()) {
        item = std::move(state_->items.front());
        state_->items.pop_front();
      } else if (state_->closed) {
        return std::nullopt;
      }
    }
    if (item) {
      state_->not_full.notify_one();
      return item;
    }
    std::this_thread::yield();
  }
}

void Channel::close() {
  {
    std::lock_guard lock(state_->mutex);
    state_->closed = true;
  }
  // Every waiter must see `closed`, not just one of them.
  state_->not_full.notify_all();
  state_->not_empty.notify_all();
}

}  // namespace course
