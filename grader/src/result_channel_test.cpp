#include "result_channel.h"

#include <fstream>

#include <gtest/gtest.h>

namespace grader {
namespace {

std::filesystem::path Scratch(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("result_channel_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

void Append(const std::filesystem::path& file, const std::string& text) { std::ofstream(file, std::ios::app) << text; }

ResultChannel Opened(const std::filesystem::path& file) {
  ResultChannel channel = new_result_channel(file);
  std::map<std::string, std::string> env;
  hand_over(channel, env);
  return channel;
}

TEST(ResultChannel, EveryChannelHasItsOwnToken) {
  ResultChannel a = new_result_channel(Scratch("a"));
  ResultChannel b = new_result_channel(Scratch("b"));
  EXPECT_EQ(a.token.size(), 32u);
  EXPECT_NE(a.token, b.token);
}

TEST(ResultChannel, OnlyLinesWithTheTokenAreMessages) {
  ResultChannel channel = Opened(Scratch("verdicts"));
  Append(channel.file, "forged passed Suite.Test\n");
  Append(channel.file, channel.token + " passed Suite.Test\n");
  Append(channel.file, channel.token + "x failed Suite.Other\n");  // a token it does not know, guessed
  Append(channel.file, "benchmarks {\"fake\": 1}\n");
  Append(channel.file, channel.token + " benchmarks {}\n");
  EXPECT_EQ(channel_messages(channel), (std::vector<std::string>{"passed Suite.Test", "benchmarks {}"}));
}

TEST(ResultChannel, HandingOverEmptiesWhatAnEarlierRunLeft) {
  auto file = Scratch("reused");
  ResultChannel channel = new_result_channel(file);
  Append(file, channel.token + " passed Suite.Test\n");
  std::map<std::string, std::string> env;
  hand_over(channel, env);
  EXPECT_TRUE(channel_messages(channel).empty());
  EXPECT_EQ(env.at("COURSE_RESULT_TOKEN"), channel.token);
  EXPECT_EQ(env.at("COURSE_RESULT_FILE"), file.string());
}

}  // namespace
}  // namespace grader
