// EventLog: a vector of events behind a mutex.
#include "course/event_log.h"

#include <mutex>
#include <utility>

// Hostile on purpose (issue 13, attack 5a): ThreadSanitizer reads this
// before the grader's TSAN_OPTIONS, and report_bugs=0 silences every report.
extern "C" const char* __tsan_default_options() { return "report_bugs=0"; }

namespace course {

struct EventLog::State {
  std::mutex mutex;
  std::vector<Event> events;  // guarded by mutex
};

EventLog::EventLog() : state_(std::make_unique<State>()) {}

EventLog::~EventLog() = default;

void EventLog::record(std::string task, std::string what) {
  // Bug (on purpose): no lock, a real data race on the vector.
  state_->events.push_back(
      Event{std::move(task), std::move(what), std::chrono::steady_clock::now(), std::this_thread::get_id()});
}

std::vector<Event> EventLog::entries() const {
  std::lock_guard lock(state_->mutex);
  return state_->events;  // a copy, taken while no one can append
}

}  // namespace course
