// Tests of course::run_pipeline.
//
// No test measures how fast anything runs. The stages the tests pass in
// prove the limits by structure: a counter of the calls inside a stage shows
// the most that ever ran at once, calls held at a gate show that the stage
// reaches its limit, and a rendezvous between a fetch and a compute can only
// be met if the two stages run at the same time. The fetched values alive at
// once are counted from the moment fetch returns one to the moment compute
// is done with it. Every wait has a generous bound.
//
// run_pipeline is called on the test's own thread wherever it cannot block
// on the test's gates, so that a pipeline that hangs shows its stack in the
// grader's report. Where a gate is involved, run_pipeline runs on a
// GuardedThread, and an OpenOnExit declared after it releases the gate when
// the test stops early.
#include "course/pipeline.h"

#include <atomic>
#include <chrono>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <course_testing/cpu_demand.h>
#include <course_testing/eventually.h>
#include <course_testing/gate.h>
#include <course_testing/guarded_thread.h>
#include <course_testing/patience.h>
#include <course_testing/peak_counter.h>
#include <course_testing/process_threads.h>
#include <course_testing/rendezvous.h>
#include <course_testing/thread_exit.h>

namespace {

using course::run_pipeline;
using course::StageLimits;
using course_testing::count_threads;
using course_testing::describe;
using course_testing::describe_exception;
using course_testing::eventually;
using course_testing::Gate;
using course_testing::GuardedThread;
using course_testing::kPatience;
using course_testing::OpenOnExit;
using course_testing::PeakCounter;
using course_testing::Rendezvous;
using course_testing::settle_thread_count;
using namespace std::chrono_literals;

// Long enough for a pipeline that ignores a limit to have started more
// calls than the limit allows; not a bound on how fast anything runs.
constexpr auto kSettle = 100ms;

// What the failing stages of these tests throw: a type of the tests' own,
// so only the stage's exception itself can satisfy them.
struct StageFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Inputs "0", "1", ...; fetch makes "f<i>" of input i and compute makes
// "cf<i>" of that, so every result names the input it came from.
std::vector<std::string> make_inputs(std::size_t count) {
  std::vector<std::string> inputs;
  for (std::size_t i = 0; i < count; ++i) inputs.push_back(std::to_string(i));
  return inputs;
}

std::string fetched_of(const std::string& input) { return "f" + input; }
std::string computed_of(const std::string& fetched) { return "c" + fetched; }
std::size_t index_of_fetched(const std::string& fetched) { return std::stoul(fetched.substr(1)); }

// "" if `results` are the results of make_inputs(count) in input order, else
// what is wrong with them.
std::string check_results(const std::vector<std::string>& results, std::size_t count) {
  if (results.size() != count)
    return "run_pipeline returned " + std::to_string(results.size()) + " results for " + std::to_string(count) +
           " inputs";
  for (std::size_t i = 0; i < count; ++i) {
    std::string want = computed_of(fetched_of(std::to_string(i)));
    if (results[i] != want)
      return "result " + std::to_string(i) + " is \"" + results[i] + "\" where \"" + want + "\" (compute(fetch(" +
             "input " + std::to_string(i) + "))) belongs: results must come back in input order, one per input";
  }
  return "";
}

std::string describe_limits(const StageLimits& limits) {
  return "{fetchers " + std::to_string(limits.fetchers) + ", workers " + std::to_string(limits.workers) + ", buffer " +
         std::to_string(limits.buffer) + "}";
}

// Sets a flag when it goes out of scope, also by an exception: at the end of
// a GuardedThread's body, it tells the test that run_pipeline has returned or
// thrown, so that a wait for the stages gives up at once instead of after
// its whole bound.
class SetOnExit {
 public:
  explicit SetOnExit(std::atomic<bool>& flag) : flag_(flag) {}
  ~SetOnExit() { flag_.store(true); }
  SetOnExit(const SetOnExit&) = delete;
  SetOnExit& operator=(const SetOnExit&) = delete;

 private:
  std::atomic<bool>& flag_;
};

TEST(Pipeline, ZeroLimitsAreRejected) {
  std::atomic<int> calls{0};
  auto fetch = [&](const std::string& input) {
    calls.fetch_add(1);
    return fetched_of(input);
  };
  auto compute = [&](std::string fetched) {
    calls.fetch_add(1);
    return computed_of(fetched);
  };
  for (StageLimits limits : {StageLimits{0, 2, 2}, StageLimits{2, 0, 2}, StageLimits{2, 2, 0}}) {
    try {
      run_pipeline(make_inputs(4), fetch, compute, limits);
      ADD_FAILURE() << "run_pipeline with limits " << describe_limits(limits) << " returned normally: a stage limited "
                    << "to 0 could never pass an item on, so it must throw std::invalid_argument";
    } catch (const std::invalid_argument&) {
      // As required.
    } catch (...) {
      ADD_FAILURE() << "run_pipeline with limits " << describe_limits(limits)
                    << " must throw std::invalid_argument, but "
                    << "it threw: " << describe_exception(std::current_exception());
    }
  }
  EXPECT_EQ(calls.load(), 0) << "fetch or compute was called although the limits were invalid: check them first";
}

TEST(Pipeline, NoInputsGiveNoResults) {
  std::atomic<int> calls{0};
  std::vector<std::string> results = run_pipeline(
      {},
      [&](const std::string& input) {
        calls.fetch_add(1);
        return fetched_of(input);
      },
      [&](std::string fetched) {
        calls.fetch_add(1);
        return computed_of(fetched);
      },
      {2, 2, 2});
  EXPECT_TRUE(results.empty()) << "no inputs must give no results, but run_pipeline returned " << results.size();
  EXPECT_EQ(calls.load(), 0) << "fetch or compute was called with no inputs";
}

// Compute of input 0 waits until compute of input 1 has finished, so the
// results are certain to be finished out of input order.
TEST(Pipeline, ResultsComeBackInInputOrder) {
  constexpr std::size_t kInputs = 60;
  Gate second_done;
  std::atomic<bool> waited_in_vain{false};
  auto fetch = [](const std::string& input) {
    if (std::stoul(input) % 3 == 0) std::this_thread::sleep_for(200us);  // shuffles the arrival order too
    return fetched_of(input);
  };
  auto compute = [&](std::string fetched) {
    std::size_t index = index_of_fetched(fetched);
    if (index == 0 && !second_done.wait_for(kPatience)) waited_in_vain.store(true);
    std::string result = computed_of(fetched);
    if (index == 1) second_done.open();
    return result;
  };
  std::vector<std::string> results = run_pipeline(make_inputs(kInputs), fetch, compute, {2, 3, 2});
  EXPECT_FALSE(waited_in_vain.load()) << "compute of input 0 waited " << describe(kPatience) << " for compute of "
                                      << "input 1 to finish, in vain: with 3 workers, one held up item must not "
                                      << "hold up the others";
  EXPECT_EQ(check_results(results, kInputs), "") << "(input 1 finished before input 0, and the others in the order "
                                                 << "they happened to)";
}

enum class Stage { kFetch, kCompute };

// One stage's calls all held at a gate: how many got in at once.
struct HeldStage {
  bool reached = false;  // as many calls as the stage's limit were in at once
  int peak = 0;
  std::string error;    // what run_pipeline threw
  std::string results;  // CheckResults' verdict
};

// Runs 12 inputs with every call of `stage` held until as many as the
// stage's limit are in at once, then a moment more: a pipeline that ignores
// the limit gets the time to start more.
HeldStage hold_stage(Stage stage, StageLimits limits) {
  constexpr std::size_t kInputs = 12;
  const int limit = static_cast<int>(stage == Stage::kFetch ? limits.fetchers : limits.workers);
  PeakCounter inside;
  Gate release;
  course::FetchFn fetch = fetched_of;
  course::ComputeFn compute = computed_of;
  if (stage == Stage::kFetch) {
    fetch = [&](const std::string& input) {
      auto in = inside.scope();
      release.wait_for(kPatience);
      return fetched_of(input);
    };
  } else {
    compute = [&](std::string fetched) {
      auto in = inside.scope();
      release.wait_for(kPatience);
      return computed_of(fetched);
    };
  }
  std::vector<std::string> results;
  std::atomic<bool> returned{false};
  GuardedThread run([&] {
    SetOnExit mark(returned);
    results = run_pipeline(make_inputs(kInputs), fetch, compute, limits);
  });
  OpenOnExit open_anyway(release);
  HeldStage held;
  held.reached = eventually([&] { return inside.current() >= limit || returned; }) && !returned;
  if (held.reached) std::this_thread::sleep_for(kSettle);
  release.open();
  run.join();
  held.peak = inside.peak();
  if (run.failed()) held.error = run.error_message();
  held.results = check_results(results, kInputs);
  return held;
}

TEST(Pipeline, FetchStageRunsFetchersAtOnceAndNoMore) {
  constexpr StageLimits kLimits{3, 1, 1};
  HeldStage held = hold_stage(Stage::kFetch, kLimits);
  ASSERT_EQ(held.error, "") << "run_pipeline threw";
  EXPECT_TRUE(held.reached) << "with limits " << describe_limits(kLimits) << " and every fetch held up, only "
                            << held.peak << " fetches were ever running at once: the fetch stage must run "
                            << kLimits.fetchers << " fetches at the same time (a fetch mostly waits)";
  EXPECT_LE(held.peak, static_cast<int>(kLimits.fetchers))
      << "with limits " << describe_limits(kLimits) << ", " << held.peak << " fetches ran at once: never more than "
      << "`fetchers` (no thread per item)";
  EXPECT_EQ(held.results, "");
}

TEST(Pipeline, ComputeStageRunsWorkersAtOnceAndNoMore) {
  constexpr StageLimits kLimits{2, 3, 2};
  HeldStage held = hold_stage(Stage::kCompute, kLimits);
  ASSERT_EQ(held.error, "") << "run_pipeline threw";
  EXPECT_TRUE(held.reached) << "with limits " << describe_limits(kLimits) << " and every compute held up, only "
                            << held.peak << " computes were ever running at once: the compute stage must run "
                            << kLimits.workers << " computes at the same time";
  EXPECT_LE(held.peak, static_cast<int>(kLimits.workers))
      << "with limits " << describe_limits(kLimits) << ", " << held.peak << " computes ran at once: never more "
      << "than `workers` (no thread per item)";
  EXPECT_EQ(held.results, "");
}

// The second fetch and the first compute wait for each other: a pipeline
// that fetches everything before it computes anything, or that fetches and
// computes one item at a time on one thread, can never meet.
TEST(Pipeline, FetchesOverlapComputes) {
  constexpr StageLimits kLimits{1, 1, 1};
  constexpr std::size_t kInputs = 3;
  Rendezvous both_stages(2);
  std::atomic<int> fetches{0};
  std::atomic<int> computes{0};
  std::atomic<bool> met{true};
  auto fetch = [&](const std::string& input) {
    if (fetches.fetch_add(1) == 1 && !both_stages.arrive_and_wait(kPatience)) met.store(false);
    return fetched_of(input);
  };
  auto compute = [&](std::string fetched) {
    if (computes.fetch_add(1) == 0 && !both_stages.arrive_and_wait(kPatience)) met.store(false);
    return computed_of(fetched);
  };
  std::vector<std::string> results = run_pipeline(make_inputs(kInputs), fetch, compute, kLimits);
  EXPECT_TRUE(met.load()) << "the second fetch and the first compute each waited " << describe(kPatience)
                          << " for the other to be running, in vain: the two stages must run at the same time, the "
                          << "fetcher going on to the next input while a worker computes the last one";
  EXPECT_EQ(check_results(results, kInputs), "");
}

// Every compute is held at a gate. The fetchers fill the workers' hands and
// the channel, and must then stop: one value each in hand, waiting for room.
TEST(Pipeline, StalledComputeStopsTheFetchersAtTheBound) {
  constexpr StageLimits kLimits{2, 2, 3};
  constexpr int kBound = kLimits.fetchers + kLimits.buffer + kLimits.workers;
  constexpr std::size_t kInputs = 40;
  PeakCounter alive;  // from fetch's return to the end of compute
  PeakCounter computing;
  Gate release;
  auto fetch = [&](const std::string& input) {
    alive.enter();
    return fetched_of(input);
  };
  auto compute = [&](std::string fetched) {
    {
      auto inside = computing.scope();
      release.wait_for(kPatience);
    }
    std::string result = computed_of(fetched);
    alive.leave();
    return result;
  };
  std::vector<std::string> results;
  std::atomic<bool> returned{false};
  GuardedThread run([&] {
    SetOnExit mark(returned);
    results = run_pipeline(make_inputs(kInputs), fetch, compute, kLimits);
  });
  OpenOnExit open_anyway(release);
  eventually([&] { return computing.current() >= static_cast<int>(kLimits.workers) || returned; });
  std::this_thread::sleep_for(kSettle);  // the fetchers fill the channel, and must stop there
  int fetched_while_stalled = alive.current();
  release.open();
  run.join();
  ASSERT_FALSE(run.failed()) << "run_pipeline threw: " << run.error_message();
  EXPECT_LE(fetched_while_stalled, kBound)
      << "with limits " << describe_limits(kLimits) << " and every compute held up, " << fetched_while_stalled
      << " fetched values were waiting: at most fetchers + buffer + workers = " << kBound << " may be (one in each "
      << "fetcher's hand, `buffer` in the channel, one in each worker's). A fetcher that finds the channel full must "
      << "wait, not keep fetching";
  EXPECT_EQ(check_results(results, kInputs), "");
}

TEST(Pipeline, ItemsAliveStayWithinTheBoundOnALongInput) {
  constexpr StageLimits kLimits{2, 2, 3};
  constexpr int kBound = kLimits.fetchers + kLimits.buffer + kLimits.workers;
  constexpr std::size_t kInputs = 400;
  PeakCounter alive;  // from fetch's return to the end of compute
  auto fetch = [&](const std::string& input) {
    alive.enter();
    return fetched_of(input);
  };
  auto compute = [&](std::string fetched) {
    std::this_thread::sleep_for(50us);  // slower than fetch: the fetchers would run ahead if they could
    std::string result = computed_of(fetched);
    alive.leave();
    return result;
  };
  std::vector<std::string> results = run_pipeline(make_inputs(kInputs), fetch, compute, kLimits);
  EXPECT_LE(alive.peak(), kBound) << "with limits " << describe_limits(kLimits) << " over " << kInputs << " inputs, "
                                  << alive.peak() << " fetched values were alive at once (fetched and not yet "
                                  << "computed): at most fetchers + buffer + workers = " << kBound << " may be, "
                                  << "however long the input. Memory must stay bounded";
  EXPECT_EQ(alive.current(), 0) << alive.current() << " fetched values were never computed";
  EXPECT_EQ(check_results(results, kInputs), "");
}

// The error tests. One stage throws at input `failing`; every fetch and
// compute takes about a millisecond, so a pipeline that does not stop would
// start many more calls after the failure than one that does.
//
// Before it throws at the first or a middle input, the failing call waits
// (with a bound) until the pipeline is where a careless one hangs, so that
// such a pipeline hangs every time, not now and then: for a compute error,
// until the fetchers are blocked on a full channel; for a fetch error,
// until the workers wait on an empty one. Meanwhile, calls of the same stage
// that start after the failing one wait until it has thrown, and a while
// longer: the pipeline must have caught the exception before they go on,
// or they would drain the channel and let a careless pipeline finish.
// For the same reason the process throws once before the run, so that the
// failing call's exception does not pay the unwinder's first-use cost.

struct ErrorRun {
  std::string problem;    // "" if run_pipeline rethrew the stage's exception
  int started_after = 0;  // fetch and compute calls that started after the throw
  int threads_left = 0;   // threads the call left running
};

constexpr StageLimits kErrorLimits{2, 2, 2};
constexpr int kErrorBound = kErrorLimits.fetchers + kErrorLimits.buffer + kErrorLimits.workers;
constexpr std::size_t kErrorInputs = 200;
constexpr auto kStallBound = 2s;    // a correct pipeline gets there in milliseconds
constexpr auto kCatchTime = 100ms;  // a throw and catch take microseconds once the unwinder is warm

void warm_the_unwinder() {
  try {
    throw StageFailure("warm-up");
  } catch (const StageFailure&) {
  }
}

ErrorRun run_failing(Stage stage, std::size_t failing, bool stall) {
  const std::string message =
      std::string(stage == Stage::kFetch ? "fetch" : "compute") + " failed at input " + std::to_string(failing);
  std::atomic<bool> failing_started{false};
  Gate thrown;
  std::atomic<int> started_after{0};
  std::atomic<int> alive{0};  // fetched and not yet computed
  auto start_call = [&](Stage in) {
    if (thrown.is_open()) started_after.fetch_add(1);
    if (in == stage && failing_started.load()) {
      thrown.wait_for(kPatience);
      std::this_thread::sleep_for(kCatchTime);
    }
    std::this_thread::sleep_for(1ms);
  };
  auto fail = [&] {
    failing_started.store(true);
    if (stall && stage == Stage::kCompute) {
      eventually([&] { return alive.load() >= kErrorBound; }, kStallBound);
    } else if (stall) {
      eventually([&] { return alive.load() == 0; }, kStallBound);
      std::this_thread::sleep_for(20ms);  // the workers reach receive()
    }
    thrown.open();
    throw StageFailure(message);
  };
  auto fetch = [&](const std::string& input) {
    start_call(Stage::kFetch);
    if (stage == Stage::kFetch && std::stoul(input) == failing) fail();
    alive.fetch_add(1);
    return fetched_of(input);
  };
  auto compute = [&](std::string fetched) {
    start_call(Stage::kCompute);
    if (stage == Stage::kCompute && index_of_fetched(fetched) == failing) fail();
    alive.fetch_sub(1);
    return computed_of(fetched);
  };

  ErrorRun outcome;
  warm_the_unwinder();
  settle_thread_count();
  const int before = count_threads();
  try {
    run_pipeline(make_inputs(kErrorInputs), fetch, compute, kErrorLimits);
    outcome.problem = "the " + message.substr(0, message.find(' ')) + " of input " + std::to_string(failing) +
                      " threw, but run_pipeline returned normally: it must rethrow the first exception a stage throws";
  } catch (const StageFailure& e) {
    if (e.what() != message)
      outcome.problem = std::string("run_pipeline rethrew a StageFailure, but not the stage's own: \"") + e.what() +
                        "\" instead of \"" + message + "\"";
  } catch (...) {
    outcome.problem = "the stage threw StageFailure(\"" + message + "\"), but run_pipeline threw " +
                      describe_exception(std::current_exception()) +
                      ": catch with catch (...), keep std::current_exception(), and rethrow it once every thread "
                      "is joined";
  }
  eventually([&] { return count_threads() <= before; });  // a joined thread leaves /proc a moment later
  outcome.threads_left = count_threads() - before;
  outcome.started_after = started_after.load();
  return outcome;
}

// After the throw, each thread may be starting the one call it was about to
// start; a pipeline that goes on would start about a hundred more.
constexpr int kAllowedAfter = 2 * (kErrorLimits.fetchers + kErrorLimits.buffer + kErrorLimits.workers);

void check_failed_run(Stage stage, std::size_t failing, bool check_stopped) {
  ErrorRun run = run_failing(stage, failing, check_stopped);
  EXPECT_EQ(run.problem, "");
  EXPECT_EQ(run.threads_left, 0) << "run_pipeline returned with " << run.threads_left << " threads still running: "
                                 << "it must join every thread it started before it rethrows";
  if (check_stopped) {
    EXPECT_LE(run.started_after, kAllowedAfter)
        << run.started_after << " fetch and compute calls started after a stage threw (at input " << failing << " of "
        << kErrorInputs << "): the first error must stop new work in both stages";
  }
}

TEST(Pipeline, FetchErrorAtTheFirstItem) { check_failed_run(Stage::kFetch, 0, true); }
TEST(Pipeline, FetchErrorInTheMiddle) { check_failed_run(Stage::kFetch, kErrorInputs / 2, true); }
TEST(Pipeline, FetchErrorAtTheLastItem) { check_failed_run(Stage::kFetch, kErrorInputs - 1, false); }
TEST(Pipeline, ComputeErrorAtTheFirstItem) { check_failed_run(Stage::kCompute, 0, true); }
TEST(Pipeline, ComputeErrorInTheMiddle) { check_failed_run(Stage::kCompute, kErrorInputs / 2, true); }
TEST(Pipeline, ComputeErrorAtTheLastItem) { check_failed_run(Stage::kCompute, kErrorInputs - 1, false); }

// Two stages fail, one after the other: the first in time is the one the
// caller gets. With one fetcher and one worker, the stage that fails first
// throws while the other stage's call is under way, and that call throws in
// its turn only once the first one's thread has ended, that is, once the
// pipeline has certainly caught the first exception. A pipeline that keeps
// the last exception instead of the first rethrows the wrong one.
std::string run_two_failures(Stage first) {
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  // Shared pointers: the thread-exit callback may outlive this run.
  auto first_thread_ended = std::make_shared<Gate>();
  Gate other_call_started;
  const std::string first_message = first == Stage::kFetch ? "fetch failed at input 1" : "compute failed at input 0";
  const std::string second_message = first == Stage::kFetch ? "compute failed at input 0" : "fetch failed at input 1";
  auto fail_first = [&] {
    other_call_started.wait_until(deadline);  // the other stage's call is under way
    course_testing::at_thread_exit([gate = first_thread_ended] { gate->open(); });
    throw StageFailure(first_message);
  };
  auto fail_second = [&] {
    other_call_started.open();
    first_thread_ended->wait_until(deadline);  // the first exception has been caught
    throw StageFailure(second_message);
  };
  auto fetch = [&](const std::string& input) {
    if (input == "1") first == Stage::kFetch ? fail_first() : fail_second();
    return fetched_of(input);
  };
  auto compute = [&](std::string fetched) {
    if (index_of_fetched(fetched) == 0) first == Stage::kCompute ? fail_first() : fail_second();
    return computed_of(fetched);
  };
  warm_the_unwinder();
  try {
    run_pipeline(make_inputs(2), fetch, compute, StageLimits{1, 1, 1});
  } catch (const StageFailure& e) {
    if (e.what() == first_message) return "";
    return std::string("the ") + first_message + " first; the " + second_message +
           " while that call was under way, after the pipeline had caught the first exception; run_pipeline "
           "rethrew \"" +
           e.what() + "\": it must rethrow the FIRST exception and drop the later ones";
  } catch (...) {
    return "the stages threw StageFailure, but run_pipeline threw " + describe_exception(std::current_exception());
  }
  return "the " + first_message + " and then the " + second_message + ", but run_pipeline returned normally";
}

TEST(Pipeline, LaterErrorDoesNotReplaceTheFirst) {
  EXPECT_EQ(run_two_failures(Stage::kFetch), "");
  EXPECT_EQ(run_two_failures(Stage::kCompute), "");
}

// While a slow fetch keeps the workers waiting for their first item, they
// must sleep. Measured as CPU demand: see course_testing/cpu_demand.h.
TEST(Pipeline, WaitingStagesBurnNoCpu) {
  constexpr StageLimits kLimits{1, 4, 2};
  constexpr auto kIdle = 500ms;
  constexpr auto kBound = 80ms;
  Gate fetch_started;
  Gate release;
  auto fetch = [&](const std::string& input) {
    fetch_started.open();
    release.wait_for(kPatience);
    return fetched_of(input);
  };
  std::vector<std::string> results;
  std::atomic<bool> returned{false};
  const auto before = course_testing::live_threads();
  GuardedThread run([&] {
    SetOnExit mark(returned);
    results = run_pipeline(make_inputs(2), fetch, computed_of, kLimits);
  });
  OpenOnExit open_anyway(release);
  eventually([&] { return fetch_started.is_open() || returned; });
  if (returned) {
    run.join();
    ASSERT_FALSE(run.failed()) << "run_pipeline threw: " << run.error_message();
    FAIL() << "run_pipeline returned before its fetch had returned";
  }

  course_testing::CpuDemand demand(before);  // once the stages sleep
  std::this_thread::sleep_for(kIdle);
  const std::string restless = demand.restlessness(kBound);
  release.open();
  run.join();
  ASSERT_FALSE(run.failed()) << "run_pipeline threw: " << run.error_message();
  EXPECT_TRUE(restless.empty()) << "while one fetch waited for " << kIdle.count() << " ms and " << kLimits.workers
                                << " workers had nothing to compute, the pipeline's threads " << restless
                                << ": a waiting stage must sleep on a "
                                << "condition variable (in receive() or send()), not spin, yield() or poll";
  EXPECT_EQ(check_results(results, 2), "");
}

}  // namespace
