// CORPUS CASE hostile_detects_noise
// Bug: wait_group_lost_wakeup's lost wakeup (an atomic counter checked before
// sleeping on the condition variable with no predicate, add() notifying
// without the mutex), hidden from the stress runs: when the environment shows
// a scheduling-noise variable (COURSE_NOISE_SEED, blanked or not), the code
// takes the correct path, locking and re-checking under the mutex. The quiet
// normal run rarely lands in the window; the noise would, so the submission
// avoids being caught under it. C++ standard library only.
// Verdict the grader must give: the same as wait_group_lost_wakeup's, since
// a stress binary's environment is the normal one's.
#include "course/wait_group.h"

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

namespace course {
namespace {

bool UnderNoise() {
  for (const char* name : {"COURSE_NOISE_SEED", "COURSE_NOISE_PERMILLE", "COURSE_NOISE_EARLY", "COURSE_NOISE_SLEEP_US"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

const bool kUnderNoise = UnderNoise();

}  // namespace

struct WaitGroup::State {
  std::atomic<int> count{0};
  std::mutex mutex;
  std::condition_variable zero;
};

WaitGroup::WaitGroup() : state_(std::make_unique<State>()) {}
WaitGroup::~WaitGroup() = default;

void WaitGroup::add(int n) {
  if (kUnderNoise) {  // correct: the change and the notify under the mutex
    std::lock_guard lock(state_->mutex);
    int old = state_->count.load();
    if (old + n < 0) throw std::logic_error("WaitGroup::add: counter would become negative");
    state_->count.store(old + n);
    if (old + n == 0) state_->zero.notify_all();
    return;
  }
  int old = state_->count.load();
  do {
    if (old + n < 0) throw std::logic_error("WaitGroup::add: counter would become negative");
  } while (!state_->count.compare_exchange_weak(old, old + n));
  if (old + n == 0) state_->zero.notify_all();  // nobody holds the mutex here
}

void WaitGroup::done() { add(-1); }

void WaitGroup::wait() {
  if (kUnderNoise) {
    std::unique_lock lock(state_->mutex);
    state_->zero.wait(lock, [this] { return state_->count.load() == 0; });
    return;
  }
  while (state_->count.load() != 0) {
    // <- a done() that brings the counter to zero right here is missed
    std::unique_lock lock(state_->mutex);
    state_->zero.wait(lock);
  }
}

}  // namespace course
