// CORPUS CASE entries_without_lock
// Bug: record() locks the mutex, but entries() does not ("it is const, it
// only reads"). Copying the vector while another thread push_back()s into it
// is a data race: the copy can see a half-built element or a freed buffer.
// Verdict the grader must give: race-free fails, pointing at event_log.cpp
// (the unlocked read in entries() against the locked write in record()).
#include "course/event_log.h"

#include <mutex>
#include <utility>

namespace course {

struct EventLog::State {
  std::mutex mutex;
  std::vector<Event> events;
};

EventLog::EventLog() : state_(std::make_unique<State>()) {}
EventLog::~EventLog() = default;

void EventLog::record(std::string task, std::string what) {
  std::lock_guard lock(state_->mutex);
  state_->events.push_back(
      Event{std::move(task), std::move(what), std::chrono::steady_clock::now(), std::this_thread::get_id()});
}

std::vector<Event> EventLog::entries() const { return state_->events; }

}  // namespace course
