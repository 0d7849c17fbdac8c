// BUG: a typo (a missing semicolon) — the exercise does not compile.
// Verdict: build fails, quoting event_log.cpp's line; every other check is
// skipped and the exercise scores 0. Other exercises are unaffected.
#include "course/event_log.h"

#include <mutex>

namespace course {

struct EventLog::State {
  std::mutex mutex;
  std::vector<Event> events;
};

EventLog::EventLog() : state_(std::make_unique<State>()) {}

EventLog::~EventLog() = default;

void EventLog::record(std::string task, std::string what) {
  std::lock_guard lock(state_->mutex)
  state_->events.push_back(Event{task, what, std::chrono::steady_clock::now(), std::this_thread::get_id()});
}

std::vector<Event> EventLog::entries() const {
  std::lock_guard lock(state_->mutex);
  return state_->events;
}

}  // namespace course
