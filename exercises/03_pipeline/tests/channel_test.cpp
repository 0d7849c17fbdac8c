// Tests of course::Channel.
//
// No test measures how fast anything runs. "send() blocks while full" is
// shown by a sender that has not returned after the test gave it time to
// (a channel that does not block returns in microseconds), and then returns
// as soon as a receive() makes room. Every wait on another thread has a
// generous bound, so a wrong channel fails with a message instead of hanging.
//
// A CloseOnExit declared after a test's threads closes the channel when the
// test stops early, so that threads blocked in it are released before their
// destructors join them.
#include "course/channel.h"

#include <atomic>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <course_testing/cpu_demand.h>
#include <course_testing/eventually.h>
#include <course_testing/gate.h>
#include <course_testing/guarded_thread.h>
#include <course_testing/patience.h>

namespace {

using course::Channel;
using course::Item;
using course_testing::describe;
using course_testing::describe_exception;
using course_testing::eventually;
using course_testing::Gate;
using course_testing::GuardedThread;
using course_testing::GuardedThreads;
using course_testing::kPatience;
using namespace std::chrono_literals;

// Long enough for a channel that does not block to have returned; not a
// bound on how fast anything runs.
constexpr auto kSettle = 100ms;

class CloseOnExit {
 public:
  explicit CloseOnExit(Channel& channel) : channel_(channel) {}
  ~CloseOnExit() {
    try {
      channel_.close();
    } catch (...) {
      // An unwritten close() throws; the test has already failed.
    }
  }
  CloseOnExit(const CloseOnExit&) = delete;
  CloseOnExit& operator=(const CloseOnExit&) = delete;

 private:
  Channel& channel_;
};

Item make_item(std::size_t index) { return {index, "item " + std::to_string(index)}; }

// "" if `item` is item `index` as MakeItem made it, else what is wrong.
std::string check_item(const std::optional<Item>& item, std::size_t index) {
  if (!item) return "receive() returned nullopt where item " + std::to_string(index) + " was expected";
  if (item->index != index || item->value != make_item(index).value)
    return "receive() returned {" + std::to_string(item->index) + ", \"" + item->value + "\"} where item " +
           std::to_string(index) + " was expected: items must come out whole, oldest first";
  return "";
}

TEST(Channel, ZeroCapacityIsRejected) {
  try {
    Channel channel(0);
    ADD_FAILURE() << "Channel(0) returned normally: a channel that can hold nothing could never pass an item on, "
                     "so the constructor must throw std::invalid_argument";
  } catch (const std::invalid_argument&) {
    // As required.
  } catch (...) {
    ADD_FAILURE() << "Channel(0) must throw std::invalid_argument, but it threw: "
                  << describe_exception(std::current_exception());
  }
}

TEST(Channel, PassesItemsInOrder) {
  constexpr std::size_t kCapacity = 3;
  Channel channel(kCapacity);
  for (int round = 0; round < 2; ++round) {
    // Up to its capacity, send() has room and returns at once on this one thread.
    for (std::size_t i = 0; i < kCapacity; ++i)
      ASSERT_TRUE(channel.send(make_item(i))) << "send() to an open channel returned false";
    for (std::size_t i = 0; i < kCapacity; ++i) ASSERT_EQ(check_item(channel.receive(), i), "");
  }
}

TEST(Channel, SendBlocksWhileFull) {
  Channel channel(2);
  ASSERT_TRUE(channel.send(make_item(0)));
  ASSERT_TRUE(channel.send(make_item(1)));
  std::atomic<bool> returned{false};
  bool sent = false;  // written by the sender, read after join
  GuardedThread sender([&] {
    sent = channel.send(make_item(2));
    returned.store(true);
  });
  CloseOnExit close_anyway(channel);
  std::this_thread::sleep_for(kSettle);
  EXPECT_FALSE(returned.load()) << "send() to a full Channel(2) returned without waiting: it must block until a "
                                   "receive() makes room (at most `capacity` items may wait in the channel)";
  ASSERT_EQ(check_item(channel.receive(), 0), "");
  bool woke = eventually([&] { return returned.load(); });
  EXPECT_TRUE(woke) << "a receive() made room in the full channel, but the blocked send() had not returned "
                    << describe(kPatience) << " later: receive() must wake a waiting sender";
  if (!woke) return;
  sender.join();
  ASSERT_FALSE(sender.failed()) << "send() threw: " << sender.error_message();
  EXPECT_TRUE(sent) << "send() returned false, but the channel was open";
  EXPECT_EQ(check_item(channel.receive(), 1), "");
  EXPECT_EQ(check_item(channel.receive(), 2), "");
}

TEST(Channel, ReceiveBlocksWhileEmpty) {
  Channel channel(2);
  std::atomic<bool> returned{false};
  std::optional<Item> got;  // written by the receiver, read after join
  GuardedThread receiver([&] {
    got = channel.receive();
    returned.store(true);
  });
  CloseOnExit close_anyway(channel);
  std::this_thread::sleep_for(kSettle);
  EXPECT_FALSE(returned.load()) << "receive() on an empty, open channel returned without waiting: it must block "
                                   "until an item comes (or the channel is closed)";
  ASSERT_TRUE(channel.send(make_item(7)));
  bool woke = eventually([&] { return returned.load(); });
  EXPECT_TRUE(woke) << "an item was sent to the channel, but the blocked receive() had not returned "
                    << describe(kPatience) << " later: send() must wake a waiting receiver";
  if (!woke) return;
  receiver.join();
  ASSERT_FALSE(receiver.failed()) << "receive() threw: " << receiver.error_message();
  EXPECT_EQ(check_item(got, 7), "");
}

TEST(Channel, SendAfterCloseFails) {
  Channel channel(2);
  ASSERT_TRUE(channel.send(make_item(0)));
  channel.close();
  EXPECT_FALSE(channel.send(make_item(1))) << "send() after close() returned true: a closed channel takes no more "
                                              "items, and send() must say so by returning false";
  EXPECT_EQ(check_item(channel.receive(), 0), "") << "(the item sent before close() must still be received)";
  std::optional<Item> extra = channel.receive();
  EXPECT_FALSE(extra.has_value()) << "receive() returned item " << (extra ? extra->index : 0)
                                  << ", which was sent after close(): a send() that returned false must not "
                                     "deliver its item";
  channel.close();  // closing again does nothing
}

TEST(Channel, ReceiveDrainsThenEnds) {
  constexpr std::size_t kItems = 3;
  Channel channel(kItems);
  for (std::size_t i = 0; i < kItems; ++i) ASSERT_TRUE(channel.send(make_item(i)));
  channel.close();
  for (std::size_t i = 0; i < kItems; ++i) {
    std::string problem = check_item(channel.receive(), i);
    ASSERT_EQ(problem, "") << "after close(), the " << kItems << " items sent before it must still be received, "
                           << "in order: close() stops new items, it does not throw away the ones inside";
  }
  for (int i = 0; i < 2; ++i) {
    std::optional<Item> end = channel.receive();
    EXPECT_FALSE(end.has_value()) << "receive() on a closed, empty channel must return nullopt at once, every time";
  }
}

TEST(Channel, CloseWakesBlockedSenders) {
  constexpr int kSenders = 3;
  Channel channel(1);
  ASSERT_TRUE(channel.send(make_item(0)));
  std::atomic<int> returned{0};
  std::atomic<int> succeeded{0};
  GuardedThreads senders;
  CloseOnExit close_anyway(channel);
  for (int i = 0; i < kSenders; ++i) {
    senders.start([&, i] {
      if (channel.send(make_item(100 + i))) succeeded.fetch_add(1);
      returned.fetch_add(1);
    });
  }
  std::this_thread::sleep_for(kSettle);  // let the senders block; not needed for correctness
  EXPECT_EQ(returned.load(), 0) << "send() to a full Channel(1) returned without waiting";
  channel.close();
  bool all_woke = eventually([&] { return returned.load() == kSenders; });
  EXPECT_TRUE(all_woke) << "after close(), only " << returned.load() << " of the " << kSenders
                        << " senders blocked on the full channel returned within " << describe(kPatience)
                        << ": close() must wake every blocked sender (notify_all), and a woken sender must see that "
                           "the channel is closed";
  if (!all_woke) return;
  senders.join_all();
  ASSERT_EQ(senders.failures(), "");
  EXPECT_EQ(succeeded.load(), 0) << succeeded.load() << " blocked send() calls returned true after close(): a "
                                 << "sender woken by close() must return false and deliver nothing";
  EXPECT_EQ(check_item(channel.receive(), 0), "");
  std::optional<Item> extra = channel.receive();
  EXPECT_FALSE(extra.has_value()) << "receive() returned item " << (extra ? extra->index : 0)
                                  << " of a send() that was still blocked when the channel was closed";
}

TEST(Channel, CloseWakesBlockedReceivers) {
  constexpr int kReceivers = 3;
  Channel channel(2);
  std::atomic<int> returned{0};
  std::atomic<int> got_item{0};
  GuardedThreads receivers;
  CloseOnExit close_anyway(channel);
  for (int i = 0; i < kReceivers; ++i) {
    receivers.start([&] {
      if (channel.receive()) got_item.fetch_add(1);
      returned.fetch_add(1);
    });
  }
  std::this_thread::sleep_for(kSettle);  // let the receivers block; not needed for correctness
  EXPECT_EQ(returned.load(), 0) << "receive() on an empty, open channel returned without waiting";
  channel.close();
  bool all_woke = eventually([&] { return returned.load() == kReceivers; });
  EXPECT_TRUE(all_woke) << "after close(), only " << returned.load() << " of the " << kReceivers
                        << " receivers blocked on the empty channel returned within " << describe(kPatience)
                        << ": close() must wake every blocked receiver (notify_all), not just one";
  if (!all_woke) return;
  receivers.join_all();
  ASSERT_EQ(receivers.failures(), "");
  EXPECT_EQ(got_item.load(), 0) << "a receive() woken by close() on an empty channel returned an item";
}

TEST(Channel, ManyProducersAndConsumersDeliverEachItemOnce) {
  constexpr int kProducers = 4;
  constexpr int kConsumers = 4;
  constexpr std::size_t kPerProducer = 2'500;
  constexpr std::size_t kItems = kProducers * kPerProducer;
  Channel channel(8);
  std::vector<std::atomic<int>> received(kItems);
  std::atomic<int> refused{0};
  std::atomic<int> garbled{0};
  {
    GuardedThreads consumers;
    CloseOnExit close_anyway(channel);
    for (int c = 0; c < kConsumers; ++c) {
      consumers.start([&] {
        while (std::optional<Item> item = channel.receive()) {
          if (item->index >= kItems || item->value != make_item(item->index).value) {
            garbled.fetch_add(1);
            continue;
          }
          received[item->index].fetch_add(1);
        }
      });
    }
    {
      GuardedThreads producers;
      for (int p = 0; p < kProducers; ++p) {
        producers.start([&, p] {
          for (std::size_t i = 0; i < kPerProducer; ++i)
            if (!channel.send(make_item(p * kPerProducer + i))) refused.fetch_add(1);
        });
      }
      producers.join_all();
      ASSERT_EQ(producers.failures(), "");
    }
    channel.close();
    consumers.join_all();
    ASSERT_EQ(consumers.failures(), "");
  }
  EXPECT_EQ(refused.load(), 0) << "send() returned false on an open channel";
  EXPECT_EQ(garbled.load(), 0) << "receive() returned items that were never sent (torn or corrupted)";
  int lost = 0, repeated = 0;
  for (auto& count : received) {
    lost += count.load() == 0;
    repeated += count.load() > 1;
  }
  EXPECT_EQ(lost, 0) << lost << " of the " << kItems << " items sent by " << kProducers << " producers were never "
                     << "received by the " << kConsumers << " consumers";
  EXPECT_EQ(repeated, 0) << repeated << " items were received more than once: each item must be taken by exactly "
                         << "one receive()";
}

// Producers keep sending while the test closes the channel under them:
// every send() that returned true must be received exactly once, and no
// item of a send() that returned false may be.
TEST(Channel, CloseRacingWithSendsLosesNothing) {
  constexpr int kRounds = 40;
  constexpr int kProducers = 2;
  constexpr std::size_t kPerProducer = 200;
  for (int round = 0; round < kRounds; ++round) {
    Channel channel(4);
    std::vector<char> accepted(kProducers * kPerProducer, 0);  // slot written by its own producer only
    std::vector<int> received(kProducers * kPerProducer, 0);   // written by the one consumer only
    std::atomic<std::size_t> sent{0};
    {
      GuardedThread consumer([&] {
        while (std::optional<Item> item = channel.receive())
          if (item->index < received.size()) ++received[item->index];
      });
      GuardedThreads producers;
      CloseOnExit close_anyway(channel);
      for (int p = 0; p < kProducers; ++p) {
        producers.start([&, p] {
          for (std::size_t i = 0; i < kPerProducer; ++i) {
            std::size_t index = p * kPerProducer + i;
            if (!channel.send(make_item(index))) return;
            accepted[index] = 1;
            sent.fetch_add(1);
          }
        });
      }
      // Close somewhere in the middle of the sending, a different place each round.
      eventually([&] { return sent.load() >= static_cast<std::size_t>(round * 7 % 150); });
      channel.close();
      producers.join_all();
      consumer.join();
      ASSERT_EQ(producers.failures(), "");
      ASSERT_FALSE(consumer.failed()) << "receive() threw: " << consumer.error_message();
    }
    for (std::size_t i = 0; i < accepted.size(); ++i) {
      if (accepted[i] && received[i] != 1) {
        FAIL() << "round " << round << ": send() of item " << i << " returned true, and the item was received "
               << received[i] << " times (close() came while producers were sending): an item that send() "
               << "accepted must be received exactly once, even when the channel is closed right after";
      }
      if (!accepted[i] && received[i] != 0) {
        FAIL() << "round " << round << ": item " << i << " was received although its send() returned false";
      }
    }
  }
}

// Measured as CPU demand and wake-ups, not wall time: see
// course_testing/cpu_demand.h. Threads asleep on a condition variable ask
// for none and never wake; a receive() that polls in a loop is always
// running or queued to run, however loaded the machine is.
TEST(Channel, BlockedReceiversBurnNoCpu) {
  // Two receivers: pollers under one mutex also take turns asleep on it,
  // which only their wake-ups show.
  constexpr int kReceivers = 2;
  constexpr auto kIdle = 500ms;
  constexpr auto kBound = 80ms;
  Channel channel(2);
  std::atomic<int> returned{0};
  const auto before = course_testing::live_threads();
  GuardedThreads receivers;
  CloseOnExit close_anyway(channel);
  for (int i = 0; i < kReceivers; ++i) {
    receivers.start([&] {
      while (channel.receive()) {
      }
      returned.fetch_add(1);
    });
  }

  course_testing::CpuDemand demand(before);  // once the receivers sleep
  std::this_thread::sleep_for(kIdle);
  const std::string restless = demand.restlessness(kBound);
  EXPECT_TRUE(restless.empty()) << "while " << kReceivers << " threads waited in receive() on an empty channel for "
                                << kIdle.count() << " ms, they " << restless
                                << ": a waiting receive() must sleep in condition_variable::wait, not spin, "
                                << "yield() or poll in a loop";
  channel.close();
  bool all_woke = eventually([&] { return returned.load() == kReceivers; });
  EXPECT_TRUE(all_woke) << "after close(), only " << returned.load() << " of the " << kReceivers
                        << " waiting receivers returned";
  if (!all_woke) return;
  receivers.join_all();
  EXPECT_EQ(receivers.failures(), "");
}

}  // namespace
