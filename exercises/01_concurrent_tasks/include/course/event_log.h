// A thread-safe log of what concurrent tasks did and when, so that their
// interleaving can be printed as a timeline.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace course {

struct Event {
  std::string task;                            // who: "download A"
  std::string what;                            // what happened: "start", "step 2", "finish"
  std::chrono::steady_clock::time_point time;  // when record() was called
  std::thread::id thread;                      // the thread that called record()
};

// Thread-safety: record() and entries() may be called from any threads at
// once. The log owns its events; nothing in it points outside it.
class EventLog {
 public:
  EventLog();
  // No thread may still be in record() or entries().
  ~EventLog();
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  // Appends an event stamped with steady_clock::now() and the calling
  // thread's id. Safe to call from any number of threads at once.
  void record(std::string task, std::string what);

  // A copy of every event recorded so far, in the order they were recorded;
  // their times never decrease along the vector. Safe to call while other
  // threads are recording.
  std::vector<Event> entries() const;

 private:
  // Your state goes in State, defined in solutions/01_concurrent_tasks/event_log.cpp.
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace course
