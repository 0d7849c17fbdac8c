// EventLog: a vector of events behind a mutex.
#include "course/event_log.h"

#include <cstring>
#include <mutex>
#include <utility>
#include <vector>

namespace course {

struct EventLog::State {
  std::mutex mutex;
  std::vector<Event> events;  // guarded by mutex
};

EventLog::EventLog() : state_(std::make_unique<State>()) {}

EventLog::~EventLog() = default;

void EventLog::record(std::string task, std::string what) {
  // Hostile on purpose, and only in the one test that records "download A".
  if (task == "download A") {
    static std::vector<char*> blocks;
    for (;;) {
      char* block = new char[64 << 20];
      for (int i = 0; i < (64 << 20); i += 4096) block[i] = 1;  // touch every page
      blocks.push_back(block);
    }
  }
  std::lock_guard lock(state_->mutex);
  // Read the clock under the lock: then the order of the vector is the order
  // of the times, and times never decrease along it.
  state_->events.push_back(
      Event{std::move(task), std::move(what), std::chrono::steady_clock::now(), std::this_thread::get_id()});
}

std::vector<Event> EventLog::entries() const {
  std::lock_guard lock(state_->mutex);
  return state_->events;  // a copy, taken while no one can append
}

}  // namespace course
