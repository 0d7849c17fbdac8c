// The grader's side of the result channel (exercises/common/channel/): a
// fresh one-time token per run, passed with a file in the environment. The
// course's own main() takes both before the submission's code runs; only
// lines carrying the token are results.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace grader {

struct ResultChannel {
  std::string token;
  std::filesystem::path file;
};

// A new token for results sent to `file`.
ResultChannel new_result_channel(const std::filesystem::path& file);

// Empties the channel's file and adds the variables that hand the channel
// to the program: call right before starting it.
void hand_over(const ResultChannel& channel, std::map<std::string, std::string>& env);

// What the program sent: the text after the token on every line that
// carries it, in order. Lines without the token (a submission writing to
// the file) are ignored.
std::vector<std::string> channel_messages(const ResultChannel& channel, std::size_t max_bytes = 16 << 20);

}  // namespace grader
