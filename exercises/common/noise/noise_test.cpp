// The scheduling-noise library (noise.cpp), linked as the grader links a
// stress binary: same seed, same decisions; no seed, no noise; and safe in a
// constructor that runs before main.
//
// Each case starts this program again with `--workload` and a seed in its
// environment, because the noise reads its settings once, before main.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>

#include <gtest/gtest.h>

extern "C" void course_noise_trace(std::uint64_t* delays, std::uint64_t* trace);

namespace {

constexpr int kThreads = 3;
constexpr int kLocks = 2000;

std::mutex g_mutex;
long g_counter = 0;

// Locks before main: the noise must already work (or stay out of the way).
struct LocksBeforeMain {
  LocksBeforeMain() {
    for (int i = 0; i < 100; ++i) {
      std::lock_guard lock(g_mutex);
      ++g_counter;
    }
  }
} g_locks_before_main;

// Threads one after another, so that their numbers (the order in which
// they first lock) are the same in every run; each prints its trace.
int run_workload() {
  for (int t = 0; t < kThreads; ++t) {
    std::thread thread([] {
      for (int i = 0; i < kLocks; ++i) {
        std::lock_guard lock(g_mutex);
        ++g_counter;
      }
      std::uint64_t delays = 0, trace = 0;
      course_noise_trace(&delays, &trace);
      std::printf("%llu:%llu ", static_cast<unsigned long long>(delays), static_cast<unsigned long long>(trace));
    });
    thread.join();
  }
  std::printf("%ld\n", g_counter);
  return 0;
}

std::string g_self;

// This program's traces under `environment` ("COURSE_NOISE_SEED=5 ..."):
// one "delays:hash" per thread, then the counter.
std::string traces_under(const std::string& environment) {
  std::string command = "env -u COURSE_NOISE_SEED " + environment + " '" + g_self + "' --workload";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "popen failed";
  std::string out;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  int status = pclose(pipe);
  return status == 0 ? out : "the workload failed: " + out;
}

const std::string kCounter = std::to_string(100 + kThreads * kLocks) + "\n";

TEST(Noise, TheSameSeedReplaysTheSameDecisions) {
  std::string first = traces_under("COURSE_NOISE_SEED=12345");
  EXPECT_EQ(first, traces_under("COURSE_NOISE_SEED=12345"));
  EXPECT_NE(first.find(kCounter), std::string::npos) << first;
}

TEST(Noise, AnotherSeedMakesOtherDecisions) {
  EXPECT_NE(traces_under("COURSE_NOISE_SEED=12345"), traces_under("COURSE_NOISE_SEED=54321"));
}

TEST(Noise, WithoutASeedNothingIsDelayed) {
  std::string zeros;
  for (int t = 0; t < kThreads; ++t) zeros += "0:0 ";
  EXPECT_EQ(traces_under(""), zeros + kCounter);
  EXPECT_EQ(traces_under("COURSE_NOISE_SEED=0"), zeros + kCounter);
  EXPECT_EQ(traces_under("COURSE_NOISE_SEED=garbage"), zeros + kCounter);
}

TEST(Noise, EarlyCallsAreDelayedMoreThanLaterOnes) {
  // 4000 wrapped calls a thread: odds of 64 / (64 + n) give about
  // 64 * ln(1 + 3136 / 64) = 250 delays until they fall to the floor of 2%,
  // which gives about 17 more; at 2% throughout it would be 80.
  std::string traces = traces_under("COURSE_NOISE_SEED=7");
  unsigned long long delays = 0;
  ASSERT_EQ(std::sscanf(traces.c_str(), "%llu:", &delays), 1) << traces;
  EXPECT_GT(delays, 150u) << traces;
  EXPECT_LT(delays, 600u) << traces;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--workload") == 0) return run_workload();
  g_self = argv[0];
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
