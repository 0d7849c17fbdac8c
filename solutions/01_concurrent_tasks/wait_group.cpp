// EXERCISE 01, part 1 of 3: WaitGroup.
//
// Write course::WaitGroup as exercises/01_concurrent_tasks/README.md
// describes, to the contract in
// exercises/01_concurrent_tasks/include/course/wait_group.h:
//   - put your members (counter, mutex, condition variable) in State;
//   - replace each `throw course::NotImplemented(...)` with real code.
// Then grade it with `make check EXERCISE=01`.
#include "course/wait_group.h"

#include "course/not_implemented.h"

namespace course {

struct WaitGroup::State {
  // Your members go here.
};

WaitGroup::WaitGroup() : state_(std::make_unique<State>()) {}

WaitGroup::~WaitGroup() = default;

void WaitGroup::add(int /*n*/) { throw NotImplemented("WaitGroup::add"); }

void WaitGroup::done() { throw NotImplemented("WaitGroup::done"); }

void WaitGroup::wait() { throw NotImplemented("WaitGroup::wait"); }

}  // namespace course
