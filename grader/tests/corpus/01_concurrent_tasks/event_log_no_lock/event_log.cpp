// CORPUS CASE event_log_no_lock
// Bug: EventLog keeps its events in a plain std::vector with no mutex
// ("push_back is a single call, so it is atomic"). Concurrent record() calls
// write the vector at the same time, and entries() copies it while others
// are writing.
// Verdict the grader must give: race-free fails, pointing at event_log.cpp.
// Correctness tests may pass or fail (or even crash) depending on the
// interleaving, so only the race and a lost point are certain.
#include "course/event_log.h"

#include <utility>

namespace course {

struct EventLog::State {
  std::vector<Event> events;
};

EventLog::EventLog() : state_(std::make_unique<State>()) {}
EventLog::~EventLog() = default;

void EventLog::record(std::string task, std::string what) {
  state_->events.push_back(
      Event{std::move(task), std::move(what), std::chrono::steady_clock::now(), std::this_thread::get_id()});
}

std::vector<Event> EventLog::entries() const { return state_->events; }

}  // namespace course
