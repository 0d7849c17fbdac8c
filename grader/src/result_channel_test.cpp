#include "result_channel.h"

#include <unistd.h>

#include <sys/socket.h>

#include <mutex>
#include <thread>

#include <gtest/gtest.h>

namespace grader {
namespace {

// The program's end, as a child would find it at ResultChannel::kChildFd.
int ChildEnd(const ProcessSpec& spec) {
  EXPECT_EQ(spec.inherit_fds.size(), 1u);
  EXPECT_EQ(spec.inherit_fds.at(0).second, ResultChannel::kChildFd);
  return spec.inherit_fds.at(0).first;
}

void SendRecord(int fd, const std::string& text) {
  ASSERT_EQ(send(fd, text.data(), text.size(), MSG_NOSIGNAL), static_cast<ssize_t>(text.size()));
}

std::string Hello(int fd) {
  char buffer[256];
  ssize_t n = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
  return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : "";
}

TEST(ResultChannel, EveryChannelHasItsOwnToken) {
  ResultChannel a, b;
  EXPECT_EQ(a.token().size(), 32u);
  EXPECT_NE(a.token(), b.token());
}

TEST(ResultChannel, TheHelloWaitsWithTheTokenAndTheNoiseSeed) {
  ResultChannel normal;
  ResultChannel stress(/*noise_seed=*/1234567);
  ProcessSpec a, b;
  normal.hand_over(a);
  stress.hand_over(b);
  const std::string sealed = geteuid() == 0 ? " 1" : " 0";  // root's gdb can attach to a sealed process
  EXPECT_EQ(Hello(ChildEnd(a)), "course-channel 1 " + normal.token() + " 0" + sealed);
  EXPECT_EQ(Hello(ChildEnd(b)), "course-channel 1 " + stress.token() + " 1234567" + sealed);
  EXPECT_TRUE(a.env.empty()) << "nothing about the channel may be in the environment";
}

TEST(ResultChannel, OnlyRecordsWithTheTokenAreMessages) {
  ResultChannel channel;
  ProcessSpec spec;
  channel.hand_over(spec);
  int fd = ChildEnd(spec);
  SendRecord(fd, "forged passed Suite.Test");
  SendRecord(fd, channel.token() + " passed Suite.Test");
  SendRecord(fd, channel.token() + "x failed Suite.Other");  // a token it does not know, guessed
  SendRecord(fd, "benchmarks {\"fake\": 1}");
  SendRecord(fd, channel.token() + " benchmarks {}");
  EXPECT_EQ(channel.finish(), (std::vector<std::string>{"passed Suite.Test", "benchmarks {}"}));
}

TEST(ResultChannel, AWatcherSeesEachBelievedRecordAsItArrives) {
  ResultChannel channel;
  std::mutex mutex;
  std::vector<std::string> seen;
  channel.watch([&](const std::string& record) {
    std::lock_guard lock(mutex);
    seen.push_back(record);
  });
  ProcessSpec spec;
  channel.hand_over(spec);
  int fd = ChildEnd(spec);
  SendRecord(fd, channel.token() + " start\tSuite.Test");
  SendRecord(fd, "forged start\tSuite.Other");
  bool arrived = false;
  for (int i = 0; i < 200 && !arrived; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::lock_guard lock(mutex);
    arrived = !seen.empty();
  }
  EXPECT_TRUE(arrived) << "seen while the program still runs, before finish()";
  channel.finish();
  EXPECT_EQ(seen, std::vector<std::string>{"start\tSuite.Test"});
}

TEST(ResultChannel, AChattyProgramNeverBlocksAndCostsBoundedMemory) {
  ResultChannel channel(0, /*max_bytes=*/64 << 10);
  ProcessSpec spec;
  channel.hand_over(spec);
  int fd = ChildEnd(spec);
  // Far more than a socket's buffer: without the drain this send blocks for ever.
  const std::string record = channel.token() + " " + std::string(1000, 'x');
  for (int i = 0; i < 4000; ++i) SendRecord(fd, record);
  std::vector<std::string> messages = channel.finish();
  EXPECT_LE(messages.size() * record.size(), std::size_t{64} << 10);
  EXPECT_FALSE(messages.empty());
  EXPECT_EQ(channel.dropped_bytes(), (4000 - messages.size()) * record.size());
}

TEST(ResultChannel, TheChildFindsItsEndAtTheFixedDescriptorInsideTheSandbox) {
  for (bool sandboxed : {false, true}) {
    ResultChannel channel;
    ProcessSpec spec;
    // A socket is there, and /proc/self/fd cannot reopen it as a file.
    spec.argv = {"/bin/sh", "-c", "[ -S /proc/self/fd/3 ] && ! (: >/proc/self/fd/3) 2>/dev/null"};
    spec.timeout = std::chrono::seconds(30);
    if (sandboxed) spec.sandbox = SandboxSpec{};
    channel.hand_over(spec);
    ProcessResult result = run_process(spec);
    channel.finish();
    EXPECT_EQ(result.exit_code, 0) << (sandboxed ? "in the sandbox" : "without a sandbox");
  }
}

TEST(ResultChannel, FieldsAreUnescaped) {
  EXPECT_EQ(unescape_field("a\\nb\\tc\\\\d\\x01\\x7f"), "a\nb\tc\\d\x01\x7f");
  EXPECT_EQ(unescape_field("trailing\\"), "trailing\\");
  EXPECT_EQ(unescape_field("\\xZZ\\x4"), "xZZx4");
}

TEST(ResultChannel, VerdictsCountsAndTheEndAreFoundAmongMessages) {
  std::vector<std::string> messages = {
      "result\tpassed\tSuite.Other\t\t0\t",
      "tsan-report",
      "result\tfailed\tSuite.Test\ta/b.cpp\t12\tExpected: 1\\nActual: 2",
      "tsan-report",
      "end\t1",
  };
  auto verdict = find_verdict(messages, "Suite.Test");
  ASSERT_TRUE(verdict);
  EXPECT_EQ(verdict->verdict, "failed");
  EXPECT_EQ(verdict->file, "a/b.cpp");
  EXPECT_EQ(verdict->line, 12);
  EXPECT_EQ(verdict->message, "Expected: 1\nActual: 2");
  EXPECT_FALSE(find_verdict(messages, "Suite.Missing"));
  EXPECT_FALSE(find_verdict({"result\tpassed\tSuite.Test"}, "Suite.Test")) << "a malformed record";
  EXPECT_EQ(tsan_report_count(messages), 2);
  EXPECT_EQ(tests_run(messages), 1);
  EXPECT_FALSE(tests_run({"result\tpassed\tSuite.Other\t\t0\t"}));
}

}  // namespace
}  // namespace grader
