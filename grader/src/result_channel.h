// The grader's side of the result channel (exercises/common/channel/channel.h).
//
// Per run, a socket pair (AF_UNIX, SOCK_SEQPACKET: one send is one record,
// never split or interleaved). The program inherits its end at file
// descriptor kChildFd and nothing in its environment names it; a socket
// cannot be reopened through /proc/self/fd, so only the descriptor the
// course's code takes before any other code runs reaches the grader. The
// first record, already waiting when the program starts, is the hello:
//
//   course-channel 1 <token> <noise seed>
//
// a fresh one-time token and the stress run's noise seed (0 in a normal
// run: the two look the same to the program). The grader believes only
// records that start with "<token> ": whatever else arrives (a submission
// that found the descriptor and guesses) is dropped.
//
// While the program runs, a thread drains the grader's end, so a chatty
// program never blocks on a full socket; past `max_bytes` records are
// read and dropped, so it never costs the grader memory either.
//
// Not thread-safe: one owner, which calls hand_over(), runs the program,
// then calls finish().
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "subprocess.h"

namespace grader {

class ResultChannel {
 public:
  // The descriptor the program finds its end at.
  static constexpr int kChildFd = 3;

  // A new socket pair, the hello written on it. A channel that could not be
  // set up (no descriptors left) reports it in problem() and hands over
  // nothing: the program then reports no verdict, and fails.
  explicit ResultChannel(std::uint64_t noise_seed = 0, std::size_t max_bytes = 1 << 20);
  ~ResultChannel();
  ResultChannel(const ResultChannel&) = delete;
  ResultChannel& operator=(const ResultChannel&) = delete;

  // Called with each believed record (the text after the token) as it
  // arrives, on the draining thread, while the program runs. Set before
  // hand_over().
  void watch(std::function<void(const std::string&)> on_record) { on_record_ = std::move(on_record); }

  // Adds the program's end to `spec` (inherited at kChildFd) and starts
  // draining the grader's end.
  void hand_over(ProcessSpec& spec);

  // Once the program (and whatever it started) has ended: stops draining,
  // closes both ends and returns the text after the token of every record
  // that carried it, in order. Call once.
  std::vector<std::string> finish();

  const std::string& token() const { return token_; }
  const std::string& problem() const { return problem_; }
  // Bytes the program sent beyond max_bytes (dropped).
  std::size_t dropped_bytes() const { return dropped_; }

 private:
  void drain(bool until_empty);

  std::string token_;
  std::string problem_;
  std::size_t max_bytes_;
  int grader_end_ = -1;
  int child_end_ = -1;
  std::thread drainer_;
  std::atomic<bool> stop_{false};
  std::vector<std::string> records_;  // owned by the drainer until it is joined
  std::function<void(const std::string&)> on_record_;
  std::size_t kept_ = 0;
  std::size_t dropped_ = 0;
};

// The harness's escaping of one field (channel.h, Escape): "\\", "\n",
// "\t" and "\xHH" back to the bytes they stand for.
std::string unescape_field(const std::string& text);

// One test's verdict as the harness's listener sends it:
//   result <TAB> passed|failed|skipped <TAB> Suite.Name <TAB> file <TAB> line <TAB> message
struct ChannelVerdict {
  std::string verdict;
  std::string test;
  std::string file;  // the first failure's; empty when unknown
  int line = 0;
  std::string message;  // every failure's message, joined by newlines
};

// The verdict for `test` among `messages`; nullopt when the program sent none.
std::optional<ChannelVerdict> find_verdict(const std::vector<std::string>& messages, const std::string& test);

// How many problems ThreadSanitizer reported (unsuppressed), as the
// harness's __tsan::OnReport counted them: one "tsan-report" message each.
int tsan_report_count(const std::vector<std::string>& messages);

// The number of tests the program ran when it reached the end of its run
// ("end <TAB> N"); nullopt when it never got there.
std::optional<int> tests_run(const std::vector<std::string>& messages);

}  // namespace grader
