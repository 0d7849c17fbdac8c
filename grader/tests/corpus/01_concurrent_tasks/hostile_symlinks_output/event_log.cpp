// CORPUS CASE hostile_symlinks_output
// Hostile: in the one test EventLog.RecordStoresTaskWhatThreadAndTime, fills
// the directory it may write (ThreadSanitizer's, from TSAN_OPTIONS) and the
// one above it with symbolic links where the grader's files used to be:
// output.txt, stacks.txt, result.json, verdicts and tsan.* pointing at a
// reference source and the hidden tests (outside the sandbox, where the
// grader would resolve them), and at the test binary itself (which the grader
// would truncate if it opened one for writing). Then it prints a line and
// ends with status 3, so the report quotes its last output.
// C++ standard library only.
#include "course/event_log.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <utility>

namespace {

namespace fs = std::filesystem;

void Link(const fs::path& target, const fs::path& link) {
  std::error_code ignored;
  fs::remove(link, ignored);
  fs::create_symlink(target, link, ignored);
}

void PlantLinks() {
  const char* options = std::getenv("TSAN_OPTIONS");
  std::string text = options != nullptr ? options : "";
  auto at = text.find("log_path=");
  if (at == std::string::npos) return;
  fs::path dir = fs::path(text.substr(at + 9, text.find(':', at) - at - 9)).parent_path();
  const fs::path reference = "@COURSE_ROOT@/reference/01_concurrent_tasks/event_log.cpp";
  const fs::path hidden = "@COURSE_ROOT@/exercises/01_concurrent_tasks/hidden/hidden_test.cpp";
  std::error_code ignored;
  const fs::path self = fs::read_symlink("/proc/self/exe", ignored);
  for (const fs::path& d : {dir, dir.parent_path()}) {
    Link(reference, d / "output.txt");
    Link(self, d / "stacks.txt");
    Link(hidden, d / "result.json");
    Link(self, d / "verdicts");
    Link(hidden, d / "tsan.1");
    Link(reference, d / "tsan.2");
  }
}

}  // namespace

namespace course {

struct EventLog::State {
  std::mutex mutex;
  std::vector<Event> events;  // guarded by mutex
};

EventLog::EventLog() : state_(std::make_unique<State>()) {}

EventLog::~EventLog() = default;

void EventLog::record(std::string task, std::string what) {
  if (task == "download A" && what == "start") {
    std::ifstream cmdline("/proc/self/cmdline");
    for (std::string arg; std::getline(cmdline, arg, '\0');)
      if (arg == "--gtest_filter=EventLog.RecordStoresTaskWhatThreadAndTime") {
        PlantLinks();
        std::printf("links planted, the real last words\n");
        std::fflush(stdout);
        std::_Exit(3);
      }
  }
  std::lock_guard lock(state_->mutex);
  state_->events.push_back(
      Event{std::move(task), std::move(what), std::chrono::steady_clock::now(), std::this_thread::get_id()});
}

std::vector<Event> EventLog::entries() const {
  std::lock_guard lock(state_->mutex);
  return state_->events;
}

}  // namespace course
