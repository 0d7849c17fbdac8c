#include "result_channel.h"

#include <random>
#include <sstream>

#include <fmt/format.h>

#include "text_files.h"

namespace grader {

ResultChannel new_result_channel(const std::filesystem::path& file) {
  std::random_device random;
  return {fmt::format("{:08x}{:08x}{:08x}{:08x}", random(), random(), random(), random()), file};
}

void hand_over(const ResultChannel& channel, std::map<std::string, std::string>& env) {
  write_atomically(channel.file, "");
  env["COURSE_RESULT_TOKEN"] = channel.token;
  env["COURSE_RESULT_FILE"] = channel.file.string();
}

std::vector<std::string> channel_messages(const ResultChannel& channel, std::size_t max_bytes) {
  std::vector<std::string> messages;
  std::istringstream lines(read_file(channel.file, max_bytes));
  const std::string prefix = channel.token + " ";
  for (std::string line; std::getline(lines, line);)
    if (!channel.token.empty() && line.compare(0, prefix.size(), prefix) == 0) messages.push_back(line.substr(prefix.size()));
  return messages;
}

}  // namespace grader
