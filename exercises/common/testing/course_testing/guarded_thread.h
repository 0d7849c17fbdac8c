// A thread for tests: it catches whatever its body throws and joins itself.
//
// An exception that escapes a std::thread's function calls std::terminate
// and ends the whole test binary, so a student's unfinished function that
// throws on a helper thread would crash every later test. A GuardedThread
// keeps the exception for the test to report instead, and it joins in its
// destructor, so an early return from a test (a failed ASSERT) never leaves
// a thread running or a std::thread unjoined.
#pragma once

#include <cxxabi.h>

#include <cstdlib>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <typeinfo>
#include <utility>

namespace course_testing {

// The type of the exception being handled, as C++ spells it
// ("std::runtime_error"). Call it only inside a catch block.
inline std::string current_exception_type() {
  const std::type_info* type = abi::__cxa_current_exception_type();
  if (type == nullptr) return "unknown type";
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> name(abi::__cxa_demangle(type->name(), nullptr, nullptr, &status), std::free);
  return status == 0 && name ? name.get() : type->name();
}

// A readable description of an exception: its type, and its what() if it is
// a std::exception. For course::NotImplemented that contains "not
// implemented: WaitGroup::add", which the grader recognises.
inline std::string describe_exception(std::exception_ptr error) {
  if (!error) return "no exception";
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return current_exception_type() + ": " + e.what();
  } catch (...) {
    return "an exception of type " + current_exception_type() + " (not a std::exception)";
  }
}

// Owns its thread. The body runs on that thread, and whatever it refers to
// must outlive the GuardedThread (declare it first), since the destructor
// joins. Not thread-safe: join() and the accessors belong to the thread
// that owns the GuardedThread.
class GuardedThread {
 public:
  explicit GuardedThread(std::function<void()> body)
      : thread_([this, body = std::move(body)] {
          try {
            body();
          } catch (...) {
            error_ = std::current_exception();
          }
        }) {}

  ~GuardedThread() { join(); }
  GuardedThread(const GuardedThread&) = delete;
  GuardedThread& operator=(const GuardedThread&) = delete;

  void join() {
    if (thread_.joinable()) thread_.join();
  }

  // After join(): whether the body threw, and what.
  bool failed() const { return error_ != nullptr; }
  std::exception_ptr error() const { return error_; }
  std::string error_message() const { return describe_exception(error_); }

 private:
  std::exception_ptr error_;  // written by the thread, read after join()
  std::thread thread_;        // last: starts only once error_ exists
};

// A group of GuardedThreads, for a test that starts several. Like a
// GuardedThread, used from the thread that owns it only.
class GuardedThreads {
 public:
  void start(std::function<void()> body) { threads_.emplace_back(std::move(body)); }

  void join_all() {
    for (auto& thread : threads_) thread.join();
  }

  // After join_all(): empty if no thread threw, else what the first one
  // (in start order) threw and how many threw in all.
  std::string failures() const {
    std::string first;
    int failed = 0;
    for (std::size_t i = 0; i < threads_.size(); ++i) {
      if (!threads_[i].failed()) continue;
      if (failed++ == 0) first = "thread " + std::to_string(i) + " threw: " + threads_[i].error_message();
    }
    if (failed > 1) first += " (" + std::to_string(failed) + " threads threw)";
    return first;
  }

 private:
  std::deque<GuardedThread> threads_;  // a deque: GuardedThread cannot move
};

}  // namespace course_testing
