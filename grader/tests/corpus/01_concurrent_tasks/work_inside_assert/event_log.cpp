// EventLog: a vector of events behind a mutex.
#include "course/event_log.h"

#include <cassert>
#include <mutex>
#include <utility>

namespace course {

struct EventLog::State {
  std::mutex mutex;
  std::vector<Event> events;  // guarded by mutex
};

EventLog::EventLog() : state_(std::make_unique<State>()) {}

EventLog::~EventLog() = default;

void EventLog::record(std::string task, std::string what) {
  std::lock_guard lock(state_->mutex);
  const std::size_t before = state_->events.size();
  // The bug: the work itself sits inside assert(), which -DNDEBUG (the
  // benchmark's build) compiles away.
  assert((state_->events.push_back(
              Event{std::move(task), std::move(what), std::chrono::steady_clock::now(), std::this_thread::get_id()}),
          state_->events.size() == before + 1));
  (void)before;
}

std::vector<Event> EventLog::entries() const {
  std::lock_guard lock(state_->mutex);
  return state_->events;  // a copy, taken while no one can append
}

}  // namespace course
