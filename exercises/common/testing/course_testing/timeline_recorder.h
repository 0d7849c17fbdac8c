// A recording of when the calls the course's own code hands to a student's
// code (tasks, jobs, stage functions) start and end, on which thread and on
// which CPU: what the grader draws as the timeline of the student's own
// threads, with no change to the student's API and no kernel tracing.
//
// Cheap on purpose: every span goes into a buffer preallocated before the
// run (one atomic increment and two clock reads per call, no lock, no
// allocation), so recording barely changes what it records. When the buffer
// is full, further calls run unrecorded. It is never on in a scored run:
// only the test main's timeline mode (COURSE_TIMELINE_FILE, test_main.cpp)
// creates a Recorder, and the grader asks for it in one unscored run.
//
// The file it writes is plain text, one record a line, which the grader
// reads as hostile input (grader/src/timeline.h), since the student's code
// runs in the same process and may write anything there:
//   course-timeline 1
//   process <pid> <name>
//   thread <pid> <tid> <name>
//   span <pid> <tid> <start_ns> <duration_ns> <cpu> <name>
//
// Thread-safety: wrap() and the functions it returns may be called from any
// thread; begin_run() and write() only while no wrapped call runs.
#pragma once

#include <sched.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace course_timeline {

class Recorder {
 public:
  static constexpr std::size_t kMaxSpans = 4096;
  static constexpr int kMaxThreads = 64;

  Recorder() : spans_(kMaxSpans) {}

  // Starts run `pid` ("on one core (taskset -c 0)"): its times count from
  // now, its threads are numbered from 1 in the order they first record,
  // each named `<lane> <n>` ("worker 2").
  void begin_run(const std::string& name, const std::string& lane) {
    runs_.push_back({static_cast<int>(runs_.size()) + 1, name, lane, 0});
    pid_.store(runs_.back().pid);
    threads_.store(0);
    origin_ = std::chrono::steady_clock::now();
  }

  // `call` wrapped so that each call records a span named `name`.
  template <class Call>
  auto wrap(std::string name, Call call) {
    return [this, name = std::move(name), call = std::move(call)](auto&&... args) mutable {
      const std::int64_t start = now_ns();
      const int cpu = sched_getcpu();
      struct Record {
        Recorder* self;
        const std::string* name;
        std::int64_t start;
        int cpu;
        ~Record() { self->record(*name, start, cpu); }  // also when the call throws
      } record{this, &name, start, cpu};
      return call(std::forward<decltype(args)>(args)...);
    };
  }

  // Writes what was recorded; false when the file cannot be written.
  bool write(const char* path) {
    std::FILE* out = std::fopen(path, "w");
    if (out == nullptr) return false;
    std::fprintf(out, "course-timeline 1\n");
    for (const auto& run : runs_) {
      std::fprintf(out, "process %d %s\n", run.pid, run.name.c_str());
      for (int t = 1; t <= run.threads; ++t) std::fprintf(out, "thread %d %d %s %d\n", run.pid, t, run.lane.c_str(), t);
    }
    const std::size_t n = std::min(used_.load(), kMaxSpans);
    for (std::size_t i = 0; i < n; ++i) {
      const Span& s = spans_[i];
      if (s.pid == 0) continue;
      std::fprintf(out, "span %d %d %lld %lld %d %s\n", s.pid, s.tid, static_cast<long long>(s.start_ns),
                   static_cast<long long>(s.end_ns - s.start_ns), s.cpu, s.name);
    }
    return std::fclose(out) == 0;
  }

  // Ends the current run: the number of threads it saw is kept for write().
  void end_run() {
    if (!runs_.empty()) runs_.back().threads = threads_.load();
  }

 private:
  struct Span {
    int pid = 0, tid = 0, cpu = -1;
    std::int64_t start_ns = 0, end_ns = 0;
    char name[24] = {};
  };
  struct Run {
    int pid;
    std::string name, lane;
    int threads;
  };

  std::int64_t now_ns() const {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - origin_).count();
  }

  // This thread's lane in the current run, numbered on its first span.
  int lane() {
    thread_local int pid = 0, tid = 0;
    if (pid != pid_.load()) {
      pid = pid_.load();
      tid = threads_.fetch_add(1) + 1;
    }
    return tid;
  }

  void record(const std::string& name, std::int64_t start, int cpu) {
    const std::int64_t end = now_ns();
    const int tid = lane();
    if (tid > kMaxThreads) return;
    const std::size_t slot = used_.fetch_add(1);
    if (slot >= kMaxSpans) return;
    Span& s = spans_[slot];
    s.tid = tid;
    s.cpu = cpu;
    s.start_ns = start;
    s.end_ns = end;
    name.copy(s.name, sizeof s.name - 1);
    s.pid = pid_.load();
  }

  std::vector<Span> spans_;
  std::atomic<std::size_t> used_{0};
  std::atomic<int> pid_{0};
  std::atomic<int> threads_{0};
  std::chrono::steady_clock::time_point origin_ = std::chrono::steady_clock::now();
  std::vector<Run> runs_;
};

// Defined by an exercise's timeline scenario (tests/timeline_scenario.cpp):
// runs the student's code on the course's own tasks, wrapped by `recorder`.
// An exercise without one has no timeline.
void Scenario(Recorder& recorder);

}  // namespace course_timeline
