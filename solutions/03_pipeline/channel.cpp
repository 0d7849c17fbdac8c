// EXERCISE 03, part 1 of 2: Channel.
//
// Write course::Channel as exercises/03_pipeline/README.md describes, to the
// contract in exercises/03_pipeline/include/course/channel.h:
//   - put your members in State: the items, the mutex that guards them, a
//     "closed" flag, and condition variables for "there is room" and "there
//     is an item";
//   - send() waits while full, receive() waits while empty; both sleep on a
//     condition variable, never spin;
//   - close() wakes every waiter; receive() still hands out what is left;
//   - replace each `throw course::NotImplemented(...)` with real code.
// Then grade it with `make check EXERCISE=03`.
#include "course/channel.h"

#include "course/not_implemented.h"

namespace course {

struct Channel::State {
  // Your members go here.
};

Channel::Channel(std::size_t /*capacity*/) : state_(std::make_unique<State>()) {
  throw NotImplemented("Channel::Channel");
}

Channel::~Channel() = default;

bool Channel::send(Item /*item*/) { throw NotImplemented("Channel::send"); }

std::optional<Item> Channel::receive() { throw NotImplemented("Channel::receive"); }

void Channel::close() { throw NotImplemented("Channel::close"); }

}  // namespace course
