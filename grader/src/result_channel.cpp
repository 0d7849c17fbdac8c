#include "result_channel.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <sstream>

#include <fmt/format.h>

namespace grader {
namespace {

// Larger than any record the harness sends (channel.h, kMaxRecord); a
// longer one arrives truncated and is dropped.
constexpr std::size_t kMaxRecord = 256 << 10;

std::vector<std::string> split_tabs(const std::string& text) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (std::size_t tab; (tab = text.find('\t', start)) != std::string::npos; start = tab + 1)
    fields.push_back(text.substr(start, tab - start));
  fields.push_back(text.substr(start));
  return fields;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

ResultChannel::ResultChannel(std::uint64_t noise_seed, std::size_t max_bytes) : max_bytes_(max_bytes) {
  std::random_device random;
  token_ = fmt::format("{:08x}{:08x}{:08x}{:08x}", random(), random(), random(), random());
  int ends[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ends) != 0) {
    problem_ = std::string("cannot create the result channel: ") + std::strerror(errno);
    return;
  }
  grader_end_ = ends[0];
  child_end_ = ends[1];
  // Sealed (not dumpable, see exercises/common/channel/channel.h) only when
  // the grader is root: its gdb can attach to a sealed process, a user's cannot.
  std::string hello = fmt::format("course-channel 1 {} {} {}", token_, noise_seed, geteuid() == 0 ? 1 : 0);
  if (send(grader_end_, hello.data(), hello.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(hello.size())) {
    problem_ = std::string("cannot write the result channel's hello: ") + std::strerror(errno);
    close(grader_end_);
    close(child_end_);
    grader_end_ = child_end_ = -1;
  }
}

ResultChannel::~ResultChannel() {
  stop_ = true;
  if (drainer_.joinable()) drainer_.join();
  if (grader_end_ >= 0) close(grader_end_);
  if (child_end_ >= 0) close(child_end_);
}

void ResultChannel::hand_over(ProcessSpec& spec) {
  if (child_end_ < 0 || drainer_.joinable()) return;
  spec.inherit_fds.push_back({child_end_, kChildFd});
  drainer_ = std::thread([this] {
    while (!stop_) {
      pollfd p{grader_end_, POLLIN, 0};
      if (poll(&p, 1, 50) > 0) drain(/*until_empty=*/false);
    }
    drain(/*until_empty=*/true);
  });
}

void ResultChannel::drain(bool until_empty) {
  static thread_local std::vector<char> buffer(kMaxRecord);
  const std::string prefix = token_ + " ";
  for (;;) {
    ssize_t n = recv(grader_end_, buffer.data(), buffer.size(), MSG_DONTWAIT | MSG_TRUNC);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nothing waiting, or every copy of the program's end is closed
    std::size_t size = static_cast<std::size_t>(n);
    if (size > buffer.size() || kept_ + size > max_bytes_) {
      dropped_ += size;
    } else if (size >= prefix.size() && std::memcmp(buffer.data(), prefix.data(), prefix.size()) == 0) {
      records_.emplace_back(buffer.data() + prefix.size(), size - prefix.size());
      kept_ += size;
      if (on_record_) on_record_(records_.back());
    }
    if (!until_empty) return;
  }
}

std::vector<std::string> ResultChannel::finish() {
  stop_ = true;
  if (drainer_.joinable()) drainer_.join();
  if (grader_end_ >= 0) close(grader_end_);
  if (child_end_ >= 0) close(child_end_);
  grader_end_ = child_end_ = -1;
  return std::move(records_);
}

std::string unescape_field(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    char c = text[++i];
    if (c == 'n') out += '\n';
    else if (c == 't') out += '\t';
    else if (c == 'x' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 && hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<ChannelVerdict> find_verdict(const std::vector<std::string>& messages, const std::string& test) {
  for (const std::string& message : messages) {
    std::vector<std::string> f = split_tabs(message);
    if (f.size() != 6 || f[0] != "result" || unescape_field(f[2]) != test) continue;
    ChannelVerdict v;
    v.verdict = f[1];
    v.test = test;
    v.file = unescape_field(f[3]);
    v.line = std::atoi(f[4].c_str());
    v.message = unescape_field(f[5]);
    return v;
  }
  return std::nullopt;
}

int tsan_report_count(const std::vector<std::string>& messages) {
  int count = 0;
  for (const std::string& message : messages)
    if (message == "tsan-report") ++count;
  return count;
}

std::optional<int> tests_run(const std::vector<std::string>& messages) {
  for (const std::string& message : messages) {
    std::vector<std::string> f = split_tabs(message);
    if (f.size() == 2 && f[0] == "end") return std::atoi(f[1].c_str());
  }
  return std::nullopt;
}

}  // namespace grader
