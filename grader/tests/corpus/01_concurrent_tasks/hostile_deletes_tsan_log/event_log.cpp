// CORPUS CASE hostile_deletes_tsan_log
// Bug: a certain data race (a call counter incremented outside the lock),
// hidden by deleting ThreadSanitizer's report files: a static destructor
// finds the log directory in TSAN_OPTIONS, removes every tsan.* file in it
// and ends the program with _Exit(0), so neither a report nor TSan's exit
// status 66 is left. C++ standard library only.
#include "course/event_log.h"

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <utility>

namespace {

long g_records = 0;  // a data race: incremented by every recording thread, unlocked

struct HideTheReports {
  ~HideTheReports() {
    const char* options = std::getenv("TSAN_OPTIONS");
    std::string text = options != nullptr ? options : "";
    auto at = text.find("log_path=");
    if (at != std::string::npos) {
      std::string path = text.substr(at + 9, text.find(':', at) - at - 9);
      std::filesystem::path dir = std::filesystem::path(path).parent_path();
      std::error_code ignored;
      for (const auto& entry : std::filesystem::directory_iterator(dir, ignored))
        if (entry.path().filename().string().rfind("tsan.", 0) == 0) std::filesystem::remove(entry.path(), ignored);
    }
    std::_Exit(0);
  }
} g_hide_the_reports;

}  // namespace

namespace course {

struct EventLog::State {
  std::mutex mutex;
  std::vector<Event> events;  // guarded by mutex
};

EventLog::EventLog() : state_(std::make_unique<State>()) {}

EventLog::~EventLog() = default;

void EventLog::record(std::string task, std::string what) {
  ++g_records;  // <- the race
  std::lock_guard lock(state_->mutex);
  state_->events.push_back(
      Event{std::move(task), std::move(what), std::chrono::steady_clock::now(), std::this_thread::get_id()});
}

std::vector<Event> EventLog::entries() const {
  std::lock_guard lock(state_->mutex);
  return state_->events;
}

}  // namespace course
