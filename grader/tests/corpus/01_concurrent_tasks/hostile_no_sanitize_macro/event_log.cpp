// EventLog with a statistics counter that every record() bumps outside the
// lock: a data race, hidden from ThreadSanitizer by an attribute that no
// source scan can see, since a macro pastes its name together (hostile on
// purpose).
#include "course/event_log.h"

#include <mutex>
#include <utility>

#define COURSE_PASTE(a, b) a##b
#define QUIET __attribute__((COURSE_PASTE(no_sanit, ize_thread)))

namespace course {

struct EventLog::State {
  std::mutex mutex;
  std::vector<Event> events;  // guarded by mutex
  long records = 0;           // guarded by nothing: the bug
};

EventLog::EventLog() : state_(std::make_unique<State>()) {}

EventLog::~EventLog() = default;

QUIET void EventLog::record(std::string task, std::string what) {
  ++state_->records;  // two threads at once: a data race
  std::lock_guard lock(state_->mutex);
  state_->events.push_back(
      Event{std::move(task), std::move(what), std::chrono::steady_clock::now(), std::this_thread::get_id()});
}

std::vector<Event> EventLog::entries() const {
  std::lock_guard lock(state_->mutex);
  return state_->events;
}

}  // namespace course
