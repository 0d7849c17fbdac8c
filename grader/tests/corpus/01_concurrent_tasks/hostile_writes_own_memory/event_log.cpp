// EventLog, plus a probe (hostile on purpose): whoever can open
// /proc/self/mem for writing can write over any code in the process, the
// course's harness and the tests' assertions included, with nothing but the
// C++ library. If the probe gets in, this log records nothing, so the case
// loses points exactly when the door is open.
#include "course/event_log.h"

#include <fstream>
#include <mutex>
#include <utility>

namespace course {
namespace {

bool CanWriteOwnMemory() {
  static const bool can = [] {
    std::fstream mem("/proc/self/mem", std::ios::in | std::ios::out | std::ios::binary);
    return static_cast<bool>(mem);
  }();
  return can;
}

}  // namespace

struct EventLog::State {
  std::mutex mutex;
  std::vector<Event> events;  // guarded by mutex
};

EventLog::EventLog() : state_(std::make_unique<State>()) {}

EventLog::~EventLog() = default;

void EventLog::record(std::string task, std::string what) {
  if (CanWriteOwnMemory()) return;  // stands for the patch an attacker would now write
  std::lock_guard lock(state_->mutex);
  state_->events.push_back(
      Event{std::move(task), std::move(what), std::chrono::steady_clock::now(), std::this_thread::get_id()});
}

std::vector<Event> EventLog::entries() const {
  std::lock_guard lock(state_->mutex);
  return state_->events;  // a copy, taken while no one can append
}

}  // namespace course
