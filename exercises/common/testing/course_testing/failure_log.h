// Failures noticed on threads other than the test's own, collected so the
// test can report them once it has joined those threads.
//
// GoogleTest's EXPECT_* would also work on other threads, but a thousand
// tasks that fail the same way would print a thousand messages. A FailureLog
// keeps the first few in the order they happened (the first is usually the
// cause, the rest consequences) and counts the others.
#pragma once

#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace course_testing {

// Thread-safety: every member may be called from any threads at once.
class FailureLog {
 public:
  FailureLog() = default;
  FailureLog(const FailureLog&) = delete;
  FailureLog& operator=(const FailureLog&) = delete;

  void add(std::string message) {
    std::lock_guard lock(mutex_);
    if (messages_.size() < kKept) messages_.push_back(std::move(message));
    ++count_;
  }

  bool empty() const {
    std::lock_guard lock(mutex_);
    return count_ == 0;
  }

  int count() const {
    std::lock_guard lock(mutex_);
    return count_;
  }

  // The first few messages, one a line, then how many more there were.
  std::string summary() const {
    std::lock_guard lock(mutex_);
    std::string text;
    for (const auto& message : messages_) text += message + "\n";
    if (count_ > static_cast<int>(messages_.size()))
      text += "(and " + std::to_string(count_ - messages_.size()) + " more like these)\n";
    return text;
  }

 private:
  static constexpr std::size_t kKept = 3;
  mutable std::mutex mutex_;
  std::vector<std::string> messages_;  // guarded by mutex_
  int count_ = 0;                      // guarded by mutex_
};

}  // namespace course_testing
