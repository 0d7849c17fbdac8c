// BUG: record() looks events up through a pointer that is null until
// entries() has been called once ("lazy" initialisation gone wrong), so the
// first record() on a fresh log dereferences null. Verdict: the tests that
// record first crash with SIGSEGV, and the report says where
// (event_log.cpp, EventLog::record).
#include "course/event_log.h"

#include <mutex>

namespace course {

struct EventLog::State {
  std::mutex mutex;
  std::vector<Event>* events = nullptr;
  std::vector<Event> storage;
};

EventLog::EventLog() : state_(std::make_unique<State>()) {}

EventLog::~EventLog() = default;

void EventLog::record(std::string task, std::string what) {
  std::lock_guard lock(state_->mutex);
  state_->events->push_back(Event{task, what, std::chrono::steady_clock::now(), std::this_thread::get_id()});
}

std::vector<Event> EventLog::entries() const {
  std::lock_guard lock(state_->mutex);
  state_->events = &state_->storage;
  return *state_->events;
}

}  // namespace course
