// Channel: a deque guarded by one mutex, with one condition variable per
// thing a thread can wait for: room (senders) and an item (receivers).
// Closing wakes both kinds, and every wait re-checks `closed`.
#include "course/channel.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
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
  std::optional<Item> item;
  {
    std::unique_lock lock(state_->mutex);
    state_->not_empty.wait(lock, [this] { return !state_->items.empty() || state_->closed; });
    // Closed but not empty: items sent before close() are still delivered.
    if (state_->items.empty()) return std::nullopt;
    item = std::move(state_->items.front());
    state_->items.pop_front();
  }
  state_->not_full.notify_one();
  return item;
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
