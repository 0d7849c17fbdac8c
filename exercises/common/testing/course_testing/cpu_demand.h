// How much CPU the threads of the code under test asked for while they had
// nothing to do, and how often they woke: the evidence behind the "waiting
// threads must sleep" tests.
//
// CPU time alone is not enough on a busy machine: a thread that spins or
// yield()s in a loop is always runnable, but when a dozen other programs
// want the same two cores it may get only a few milliseconds of them, and
// then looks as idle as a sleeping one. So this adds up, for every thread,
// the time it ran *and* the time it spent runnable, waiting in the kernel's
// run queue, and counts the times it was switched in (the three fields of
// /proc/self/task/TID/schedstat). A thread asleep on a condition variable
// has none of the three; a spinning one is running or queued all the time,
// and one that polls (sleep_for in a loop, or pollers taking turns on one
// contended mutex) wakes hundreds of times.
//
// The threads the code under test started are measured in full, once they
// are all asleep. The threads that existed before it started them (the
// measuring thread, which sleeps and then waits its turn to read the
// figures; ThreadSanitizer's background thread, which wakes on a timer) are
// measured only by the time they ran, never by the time they were queued:
// queued behind a neighbour's load for a few milliseconds per wake-up, they
// once made a reference's idle pipeline look like 95 ms of demand, so a
// busy machine must not count against them. But they are not left out:
// code under test can start a thread before main (a static object's
// constructor), and one that spins there runs on a core all the same.
#pragma once

#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <system_error>
#include <thread>

#include <course_testing/process_threads.h>

namespace course_testing {

// A thread's scheduler statistics, as the kernel keeps them.
struct ThreadSched {
  std::uint64_t ran_ns = 0;     // on a CPU
  std::uint64_t queued_ns = 0;  // runnable, waiting in a run queue
  std::uint64_t switched_in = 0;
  bool asleep = false;  // blocked (state S or D), neither running nor runnable
};

// Every live thread of this process by kernel id. Empty where the kernel
// keeps no scheduler statistics. Safe from any thread.
inline std::map<pid_t, ThreadSched> thread_scheds() {
  std::map<pid_t, ThreadSched> threads;
  std::error_code error;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", error)) {
    ThreadSched sched;
    std::ifstream stats(task.path() / "schedstat");
    if (!(stats >> sched.ran_ns >> sched.queued_ns >> sched.switched_in)) continue;
    // "TID (name) STATE ...": the name may hold spaces and parentheses.
    std::ifstream stat_file(task.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
    auto name_end = stat.rfind(')');
    if (name_end != std::string::npos && name_end + 2 < stat.size()) {
      const char state = stat[name_end + 2];
      sched.asleep = state == 'S' || state == 'D';
    }
    threads[static_cast<pid_t>(std::stoi(task.path().filename().string()))] = sched;
  }
  return threads;
}

// The kernel ids of this process's live threads: taken before the code
// under test starts its threads, so that CpuDemand leaves these out. Starts
// and joins one thread first, because a runtime may start its helpers along
// with a program's first thread (ThreadSanitizer's background thread, which
// wakes every 100 ms), and those must be among the ids.
inline std::set<pid_t> live_threads() {
  settle_thread_count();
  std::set<pid_t> ids;
  for (const auto& [tid, sched] : thread_scheds()) ids.insert(tid);
  return ids;
}

inline std::chrono::nanoseconds process_cpu_clock() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

// The most wake-ups threads that sleep until notified may show over `idle`:
// one each, and one more per 100 ms. A thread that waits with a timeout of
// 100 ms or more in a loop passes; one that polls every few milliseconds
// wakes dozens of times.
inline std::uint64_t allowed_wakeups(int threads, std::chrono::milliseconds idle) {
  return static_cast<std::uint64_t>(threads) * (1 + static_cast<std::uint64_t>(idle.count() / 100));
}

// Measures the threads of this process that are neither the calling thread
// nor in `before` (the code under test's) from the moment they are all
// asleep: the constructor waits (up to `settle`) until every one of them is
// blocked and stays so for 20 ms, because a thread still on its way to its
// wait would count that way as demand. Threads that never all sleep
// (spinners, pollers) are measured from when `settle` ran out. Threads that
// end meanwhile count for nothing, threads that start count from their
// start. The calling thread and those in `before` count from the same moment
// by the CPU time they ran, and the ones in `before` by their wake-ups too.
// Not thread-safe: use one from one thread.
class CpuDemand {
 public:
  explicit CpuDemand(std::set<pid_t> before, std::chrono::milliseconds settle = std::chrono::seconds(2))
      : caller_(static_cast<pid_t>(syscall(SYS_gettid))), earlier_(std::move(before)) {
    earlier_.insert(caller_);
    const auto deadline = std::chrono::steady_clock::now() + settle;
    std::map<pid_t, ThreadSched> last = measured(thread_scheds());
    for (;;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      std::map<pid_t, ThreadSched> all = thread_scheds();
      std::map<pid_t, ThreadSched> now = measured(all);
      if (all_asleep_and_still(last, now) || std::chrono::steady_clock::now() >= deadline) {
        start_ = std::move(now);
        earlier_start_ = earlier(all);
        break;
      }
      last = std::move(now);
    }
    settled_ = all_asleep(start_);
    cpu_ = process_cpu_clock();
    started_ = std::chrono::steady_clock::now();
  }

  // "" if the measured threads slept since the start: they demanded less
  // than `bound` of CPU and woke at most allowed_wakeups() times. Otherwise
  // what they did, for a failure message ("ran or queued to run for 412 ms
  // of CPU time (the bound is 80 ms)").
  std::string restlessness(std::chrono::milliseconds bound) const {
    const Since since = since_start(thread_scheds());
    const auto idle =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_);
    const int waking = threads() + earlier_threads();
    const std::uint64_t allowed = allowed_wakeups(waking, idle);
    std::string problem;
    if (since.demanded >= bound) {
      problem = "ran or queued to run for " + std::to_string(since.demanded.count()) +
                " ms of CPU time (the bound is " + std::to_string(bound.count()) + " ms)";
      if (since.earlier_ran.count() > 0) {
        problem += ", " + std::to_string(since.earlier_ran.count()) +
                   " ms of it on threads that already existed when the test began (started before main?)";
      }
    }
    if (since.wakeups > allowed) {
      problem += (problem.empty() ? "" : ", and ") + std::string("woke ") + std::to_string(since.wakeups) +
                 " times in " + std::to_string(idle.count()) + " ms (" + std::to_string(waking) +
                 " sleeping threads wake at most " + std::to_string(allowed) +
                 " times: once each, and once per 100 ms)";
    }
    if (!problem.empty() && !settled_) problem += "; they were not all asleep even before the measurement began";
    return problem;
  }

  // How many of the code under test's threads were measured from the start.
  int threads() const { return static_cast<int>(start_.size()); }

 private:
  struct Since {
    std::chrono::milliseconds demanded{0};     // all threads, earlier ones included
    std::chrono::milliseconds earlier_ran{0};  // of which the earlier threads'
    std::uint64_t wakeups = 0;
  };

  // The threads in `before` that were alive at the start, the caller left out.
  int earlier_threads() const {
    return static_cast<int>(earlier_start_.size()) - (earlier_start_.count(caller_) ? 1 : 0);
  }

  Since since_start(const std::map<pid_t, ThreadSched>& now) const {
    Since since;
    if (now.empty()) {  // no schedstat: the process's CPU time is the best there is
      since.demanded = std::chrono::duration_cast<std::chrono::milliseconds>(process_cpu_clock() - cpu_);
      return since;
    }
    std::uint64_t total = 0;
    for (const auto& [tid, sched] : measured(now)) {
      const ThreadSched start = start_of(tid);
      const std::uint64_t then = start.ran_ns + start.queued_ns;
      if (sched.ran_ns + sched.queued_ns > then) total += sched.ran_ns + sched.queued_ns - then;
      if (sched.switched_in > start.switched_in) since.wakeups += sched.switched_in - start.switched_in;
    }
    std::uint64_t earlier_ran = 0;
    for (const auto& [tid, sched] : earlier(now)) {
      auto found = earlier_start_.find(tid);
      if (found == earlier_start_.end()) continue;  // a reused id
      if (sched.ran_ns > found->second.ran_ns) earlier_ran += sched.ran_ns - found->second.ran_ns;
      if (tid != caller_ && sched.switched_in > found->second.switched_in)
        since.wakeups += sched.switched_in - found->second.switched_in;
    }
    since.demanded =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::nanoseconds(total + earlier_ran));
    since.earlier_ran = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::nanoseconds(earlier_ran));
    return since;
  }

  std::map<pid_t, ThreadSched> measured(std::map<pid_t, ThreadSched> threads) const {
    for (pid_t tid : earlier_) threads.erase(tid);
    return threads;
  }

  std::map<pid_t, ThreadSched> earlier(const std::map<pid_t, ThreadSched>& threads) const {
    std::map<pid_t, ThreadSched> kept;
    for (const auto& [tid, sched] : threads)
      if (earlier_.count(tid)) kept.emplace(tid, sched);
    return kept;
  }

  ThreadSched start_of(pid_t tid) const {
    auto found = start_.find(tid);
    return found == start_.end() ? ThreadSched{} : found->second;
  }

  static bool all_asleep(const std::map<pid_t, ThreadSched>& threads) {
    for (const auto& [tid, sched] : threads)
      if (!sched.asleep) return false;
    return true;
  }

  static bool all_asleep_and_still(const std::map<pid_t, ThreadSched>& last, const std::map<pid_t, ThreadSched>& now) {
    if (last.size() != now.size() || !all_asleep(last) || !all_asleep(now)) return false;
    for (const auto& [tid, sched] : now) {
      auto before = last.find(tid);
      if (before == last.end() || before->second.switched_in != sched.switched_in) return false;
    }
    return true;
  }

  pid_t caller_;
  std::set<pid_t> earlier_;  // the caller and `before`
  std::map<pid_t, ThreadSched> start_;
  std::map<pid_t, ThreadSched> earlier_start_;
  bool settled_ = false;
  std::chrono::nanoseconds cpu_{};
  std::chrono::steady_clock::time_point started_;
};

}  // namespace course_testing
