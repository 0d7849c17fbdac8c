// EventLog: a vector of events behind a mutex.
#include "course/event_log.h"

#include <pthread.h>

#include <mutex>
#include <utility>

// Hostile on purpose (issue 13, attack 8): the stress binary is linked with
// --wrap=pthread_mutex_lock, which defines __real_pthread_mutex_lock; a weak
// reference is null elsewhere, so the code can tell the stress runs apart
// and hide its bug from them.
extern "C" int __real_pthread_mutex_lock(pthread_mutex_t*) __attribute__((weak));

namespace {
bool UnderNoise() { return &__real_pthread_mutex_lock != nullptr; }
}  // namespace

namespace course {

struct EventLog::State {
  std::mutex mutex;
  std::vector<Event> events;  // guarded by mutex
};

EventLog::EventLog() : state_(std::make_unique<State>()) {}

EventLog::~EventLog() = default;

void EventLog::record(std::string task, std::string what) {
  std::unique_lock lock(state_->mutex, std::defer_lock);
  if (UnderNoise()) lock.lock();  // locks only where the stress runs look
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
