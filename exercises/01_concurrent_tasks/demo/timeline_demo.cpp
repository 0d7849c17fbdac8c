// Exercise 01 demo: two "downloads" that spend nearly all their time waiting,
// run through your course::run_concurrently, with every step written to your
// course::EventLog. It prints the log as a timeline, so that you can see
// whether the two tasks were in progress at the same time.
//
//   make demo EXERCISE=01
//   taskset -c 0 build/dev/exercises/01_concurrent_tasks/ex01_demo   # one core only
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "bench/affinity_cores.h"
#include "course/event_log.h"
#include "course/not_implemented.h"
#include "course/run_concurrently.h"

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// A download that waits `step` for each of its `steps` chunks, the way a
// program waits for the network: the thread sleeps and the core is free.
struct Download {
  std::string name;
  int steps;
  milliseconds step;
};

std::function<void()> simulate(const Download& download, course::EventLog& log) {
  return [&download, &log] {
    log.record(download.name, "start");
    for (int i = 1; i <= download.steps; ++i) {
      std::this_thread::sleep_for(download.step);
      log.record(download.name, "chunk " + std::to_string(i) + " of " + std::to_string(download.steps));
    }
    log.record(download.name, "finish");
  };
}

long long millis_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration_cast<milliseconds>(to - from).count();
}

struct Span {
  Clock::time_point start, finish;
};

void print_table(const std::vector<course::Event>& events, Clock::time_point origin) {
  std::map<std::thread::id, int> threads;  // thread id -> T1, T2, ... in order of appearance
  std::printf("    ms  thread  task        event\n");
  for (const auto& e : events) {
    int number = threads.emplace(e.thread, static_cast<int>(threads.size()) + 1).first->second;
    std::printf("%6lld  T%-5d  %-10s  %s\n", millis_between(origin, e.time), number, e.task.c_str(), e.what.c_str());
  }
}

// One line per task: S start, + a chunk arrived, F finish, = in progress.
void print_lanes(const std::vector<Download>& downloads, const std::vector<course::Event>& events,
                 Clock::time_point origin, long long total_ms) {
  long long column_ms = 10;  // the first round step that fits the run in 60 columns
  for (long long step : {10, 20, 25, 50, 100, 200, 500, 1000, 2000, 5000})
    if (total_ms / (column_ms = step) < 60) break;
  int width = static_cast<int>(total_ms / column_ms) + 1;
  std::printf("\none column = %lld ms; S start, + chunk done, F finish, = in progress (waiting)\n", column_ms);
  for (const auto& download : downloads) {
    std::string lane(width, ' ');
    int first = width, last = -1;
    for (const auto& e : events) {
      if (e.task != download.name) continue;
      int column = static_cast<int>(millis_between(origin, e.time) / column_ms);
      first = std::min(first, column);
      last = std::max(last, column);
    }
    for (int c = first; c <= last && c < width; ++c) lane[c] = '=';
    for (const auto& e : events) {
      if (e.task != download.name) continue;
      long long column = millis_between(origin, e.time) / column_ms;
      if (column >= width) continue;  // recorded after run_concurrently returned
      char mark = e.what == "start" ? 'S' : e.what == "finish" ? 'F' : '+';
      char& cell = lane[column];
      if (cell != 'S' && cell != 'F') cell = mark;
    }
    std::printf("  %-10s |%s|\n", download.name.c_str(), lane.c_str());
  }
}

void print_verdict(const std::vector<Download>& downloads, const std::vector<course::Event>& events,
                   long long total_ms) {
  std::map<std::string, Span> spans;
  for (const auto& e : events) {
    auto [it, inserted] = spans.try_emplace(e.task, Span{e.time, e.time});
    if (!inserted) it->second.finish = e.time;
  }
  long long sleeps_ms = 0;
  for (const auto& d : downloads) sleeps_ms += d.steps * d.step.count();
  for (const auto& d : downloads) {
    if (spans.count(d.name) == 0) {
      std::printf("\n%s recorded nothing: did run_concurrently return before running it?\n", d.name.c_str());
      return;
    }
  }
  const Span& a = spans[downloads[0].name];
  const Span& b = spans[downloads[1].name];
  bool overlapped = std::max(a.start, b.start) < std::min(a.finish, b.finish);

  std::printf("\n%s\n", overlapped ? "The tasks OVERLAPPED: each started before the other finished."
                                   : "The tasks did NOT overlap: one finished before the other started.");
  std::printf("Total %lld ms, while the two downloads sleep %lld ms in all. %s\n", total_ms, sleeps_ms,
              overlapped ? "Their waiting was shared, so the total is close to the longer download alone."
                         : "Run one after the other, the total is the sum of both.");
}

}  // namespace

int main() {
  const std::vector<Download> downloads = {
      {"download A", 6, milliseconds(80)},
      {"download B", 4, milliseconds(150)},
  };
  std::printf("Exercise 01: two downloads that mostly wait, run with course::run_concurrently.\n");
  std::printf("This process may run on %zu core(s).\n\n", course_bench::affinity_cores());

  try {
    course::EventLog log;
    std::vector<std::function<void()>> tasks;
    for (const auto& download : downloads) tasks.push_back(simulate(download, log));

    Clock::time_point origin = Clock::now();
    course::run_concurrently(std::move(tasks));
    long long total_ms = millis_between(origin, Clock::now());

    std::vector<course::Event> events = log.entries();
    print_table(events, origin);
    print_lanes(downloads, events, origin, total_ms);
    print_verdict(downloads, events, total_ms);
  } catch (const course::NotImplemented& e) {
    std::printf("Exercise 01 is not implemented yet (%s).\n", e.what());
    std::printf("Write your code in solutions/01_concurrent_tasks/, then run `make demo EXERCISE=01` again.\n");
    return 1;
  } catch (const std::exception& e) {
    std::printf("The demo stopped: your code threw an exception: %s\n", e.what());
    return 1;
  }
  return 0;
}
