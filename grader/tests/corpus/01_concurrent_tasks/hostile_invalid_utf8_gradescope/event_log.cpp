// EventLog: a vector of events behind a mutex.
#include "course/event_log.h"

#include <cstdio>
#include <cstdlib>
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
  // Hostile on purpose, and only in the tests that record "download A":
  // prints bytes that are not UTF-8 (0xFF 0xFE, a Latin-1 e-acute, a lone
  // lead byte, an encoded surrogate) and a terminal escape that clears the
  // screen, then ends the program: the grader quotes a test's last output
  // as it is when the test ends early.
  if (task == "download A") {
    static const char kBytes[] = "\xFF\xFE caf\xE9 \x1b[2J\x1b[H\x07 \xC3( \xED\xA0\x80\n";
    std::fwrite(kBytes, 1, sizeof kBytes - 1, stdout);
    std::fflush(stdout);
    std::_Exit(3);
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
