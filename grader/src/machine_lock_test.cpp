#include "machine_lock.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <shared_mutex>
#include <thread>

#include <gtest/gtest.h>

#include "test_support.h"

namespace grader {
namespace {

namespace fs = std::filesystem;

// Each MachineLock opens the file anew: two of them are two holders, as
// two graders would be, even within one test process.
class MachineLockTest : public ::testing::Test {
 protected:
  ScratchDir dir_{"grader_machine_lock_test"};
  fs::path file_ = dir_ / "lock";
};

// Waits for a state another thread or process reaches. Never a verdict on
// time: the generous bound only keeps a broken lock from hanging the suite.
template <typename Condition>
bool eventually(Condition condition) {
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

TEST_F(MachineLockTest, ReadersShareIt) {
  MachineLock a(file_), b(file_);
  std::shared_lock first(a);
  EXPECT_TRUE(b.try_lock_shared());
  b.unlock_shared();
}

TEST_F(MachineLockTest, AnExclusiveHolderKeepsReadersOut) {
  MachineLock writer(file_), reader(file_);
  {
    std::unique_lock alone(writer);
    EXPECT_TRUE(reader.writer_present());
    EXPECT_FALSE(reader.try_lock_shared());
  }
  EXPECT_FALSE(reader.writer_present());
  EXPECT_TRUE(reader.try_lock_shared());
  reader.unlock_shared();
}

TEST_F(MachineLockTest, AWriterWaitsForReadersToLeave) {
  MachineLock reader(file_), writer(file_);
  reader.lock_shared();
  std::atomic<bool> writing{false};
  std::promise<void> done;
  std::thread w([&] {
    std::unique_lock alone(writer);
    writing = true;
    done.get_future().wait();
  });
  MachineLock observer(file_);
  ASSERT_TRUE(eventually([&] { return observer.writer_present(); }));
  EXPECT_FALSE(writing) << "the writer got in while a reader held the lock";
  reader.unlock_shared();
  ASSERT_TRUE(eventually([&] { return writing.load(); }));
  done.set_value();
  w.join();
}

// Writer preference: once a writer waits, a new reader queues behind it
// even though only readers hold the lock, so a stream of builds cannot
// keep a performance phase waiting forever.
TEST_F(MachineLockTest, AWaitingWriterKeepsNewReadersOut) {
  MachineLock early_reader(file_), writer(file_), late_reader(file_);
  early_reader.lock_shared();
  std::atomic<bool> writing{false};
  std::promise<void> done;
  std::thread w([&] {
    std::unique_lock alone(writer);
    writing = true;
    done.get_future().wait();
  });
  ASSERT_TRUE(eventually([&] { return late_reader.writer_present(); }));
  EXPECT_FALSE(late_reader.try_lock_shared()) << "a new reader overtook the waiting writer";

  std::atomic<bool> late_reading{false};
  std::thread r([&] {
    std::shared_lock reading(late_reader);
    late_reading = true;
  });
  early_reader.unlock_shared();
  ASSERT_TRUE(eventually([&] { return writing.load(); }));
  EXPECT_FALSE(late_reading) << "the late reader got in beside the writer";
  done.set_value();
  w.join();
  r.join();
  EXPECT_TRUE(late_reading);
}

TEST_F(MachineLockTest, AKilledHolderReleasesIt) {
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    MachineLock holder(file_);
    holder.lock();
    char c = 1;
    (void)!write(ready[1], &c, 1);
    pause();
    _exit(0);
  }
  char c = 0;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  MachineLock reader(file_);
  EXPECT_FALSE(reader.try_lock_shared());
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  EXPECT_TRUE(reader.try_lock_shared());
  reader.unlock_shared();
  close(ready[0]);
  close(ready[1]);
}

TEST_F(MachineLockTest, AnEmptyPathLocksNothing) {
  MachineLock none(""), other("");
  std::unique_lock alone(none);
  EXPECT_TRUE(other.try_lock_shared());
  EXPECT_FALSE(other.writer_present());
}

}  // namespace
}  // namespace grader
