// A bounded, closable channel: the queue between two stages of a pipeline,
// safe for any number of senders and receivers at once.
//
// Why one concrete item type and not a Channel<T> template: the grader
// compiles only your .cpp files in solutions/03_pipeline/ against this
// header, and a template's code has to live in a header. So the channel
// carries the one thing this pipeline passes between its stages, an Item,
// and its state lives behind a pointer (State) that your channel.cpp
// defines. Nothing in the design depends on the item being a string: swap
// the type and the same code is a Channel<T>.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

namespace course {

// What travels from the fetch stage to the compute stage: a fetched value
// and the position of the input it came from, so that its result can be put
// back in input order.
struct Item {
  std::size_t index = 0;
  std::string value;
};

// Thread-safety: send(), receive() and close() may be called from any
// threads at once. The channel owns the items inside it; a received item is
// the caller's.
class Channel {
 public:
  // A channel that holds at most `capacity` items. Throws
  // std::invalid_argument when capacity is 0: a channel that can hold
  // nothing could never pass an item on.
  explicit Channel(std::size_t capacity);

  // Items still inside are destroyed. No thread may be blocked in send()
  // or receive() any more.
  ~Channel();

  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  // Puts `item` at the back, blocking while the channel is full. Returns
  // true once the item is in; from then on exactly one receive() gets it.
  // Returns false, without blocking and without delivering the item, once
  // the channel is closed, including when close() is called while this
  // sender is blocked.
  bool send(Item item);

  // Takes the item at the front, blocking while the channel is empty and
  // open. Once the channel is closed, still returns the items already in
  // it, oldest first, and then std::nullopt, at once, for every call.
  std::optional<Item> receive();

  // Closes the channel for good and wakes every thread blocked in send()
  // or receive(). Items already in it can still be received. Closing a
  // closed channel does nothing.
  void close();

 private:
  // Your state (the items, a mutex, condition variables, ...) goes in
  // State, defined in solutions/03_pipeline/channel.cpp. A blocked send()
  // or receive() must sleep on a condition variable, not spin.
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace course
