// The grader's result channel, the course's side (the grader's:
// grader/src/result_channel.h). Included by the one TU that owns each
// program's reporting (test_main.cpp, bench/bench_main.cpp) and nowhere else.
//
// The grader starts the program with one end of a socket pair at file
// descriptor kFd; nothing in the environment names it, and a socket cannot
// be reopened through /proc/self/fd. Before any other code of the program
// runs (.preinit_array; the course's archive is linked first), TakeChannel
// reads the grader's hello from it (a one-time token, the noise seed),
// marks it close-on-exec, and hands the seed to the noise library when the
// program has one (course_noise_seed, defined only in a stress binary).
//
// Everything here has internal linkage (an anonymous namespace): there is
// no symbol a submission could declare and call, and the token lives only
// in this TU's memory. The grader believes only records that carry it.
#pragma once

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

// Defined by the noise library (common/noise/noise.cpp) in stress binaries
// only; elsewhere null.
extern "C" __attribute__((weak)) void course_noise_seed(std::uint64_t seed);

namespace {
namespace course_channel {

constexpr int kFd = 3;
// One record; the grader's buffer is larger (result_channel.cpp).
constexpr std::size_t kMaxRecord = 200 << 10;

char g_prefix[64];  // "<token> "
std::size_t g_prefix_size = 0;

// "course-channel 1 <token> <seed> <sealed>": the token (hex digits), the
// seed, and whether to seal the process (see TakeChannel).
bool ParseHello(const char* hello, char* token, std::size_t token_size, std::uint64_t& seed, bool& sealed) {
  const char kHead[] = "course-channel 1 ";
  if (std::strncmp(hello, kHead, sizeof kHead - 1) != 0) return false;
  const char* p = hello + sizeof kHead - 1;
  std::size_t n = 0;
  while (*p != ' ' && *p != '\0' && n + 1 < token_size) token[n++] = *p++;
  token[n] = '\0';
  if (n == 0 || *p != ' ') return false;
  seed = 0;
  for (++p; *p >= '0' && *p <= '9'; ++p) seed = seed * 10 + static_cast<std::uint64_t>(*p - '0');
  sealed = std::strcmp(p, " 1") == 0;
  return true;
}

void TakeChannel(int, char**, char**) {
  int type = 0;
  socklen_t length = sizeof type;
  if (getsockopt(kFd, SOL_SOCKET, SO_TYPE, &type, &length) != 0 || type != SOCK_SEQPACKET) return;
  fcntl(kFd, F_SETFD, FD_CLOEXEC);
  char hello[256] = {};
  ssize_t n = recv(kFd, hello, sizeof hello - 1, MSG_DONTWAIT);
  if (n <= 0) return;
  hello[n] = '\0';
  char token[48];
  std::uint64_t seed = 0;
  bool sealed = false;
  bool ok = ParseHello(hello, token, sizeof token, seed, sealed);
  std::memset(hello, 0, sizeof hello);
  if (!ok) return;
  // Not dumpable: /proc/self/mem becomes root's, so the program can no
  // longer write over its own code (the course's harness included) with an
  // std::ofstream. The grader asks for it only when it runs as root, whose
  // gdb can still attach to take a hung test's stacks.
  if (sealed) prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  std::size_t size = std::strlen(token);
  std::memcpy(g_prefix, token, size);
  g_prefix[size] = ' ';
  g_prefix_size = size + 1;
  std::memset(token, 0, sizeof token);
  if (course_noise_seed != nullptr) course_noise_seed(seed);
}

__attribute__((section(".preinit_array"), used)) void (*const kTakeChannel)(int, char**, char**) = TakeChannel;

// True when the program runs under the grader.
inline bool IsOpen() { return g_prefix_size > 0; }

// Sends "<token> <text>" as one record. Allocates nothing and goes around
// the sanitizer's interceptors: safe inside ThreadSanitizer's report hook.
inline void SendRaw(const char* text, std::size_t size) {
  if (!IsOpen()) return;
  if (size > kMaxRecord) size = kMaxRecord;
  iovec parts[2] = {{g_prefix, g_prefix_size}, {const_cast<char*>(text), size}};
  msghdr message{};
  message.msg_iov = parts;
  message.msg_iovlen = 2;
  syscall(SYS_sendmsg, kFd, &message, MSG_NOSIGNAL);
}

inline void Send(const std::string& text) { SendRaw(text.data(), text.size()); }

// `text` on one line without tabs, at most `max_bytes` of it: "\\", "\n",
// "\t" and other control bytes as "\xHH" (the grader's unescape_field).
inline std::string Escape(std::string_view text, std::size_t max_bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  std::size_t kept = text.size() > max_bytes ? max_bytes : text.size();
  for (std::size_t i = 0; i < kept; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += kDigits[c >> 4];
      out += kDigits[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (kept < text.size()) out += " ... (" + std::to_string(text.size() - kept) + " more bytes cut)";
  return out;
}

}  // namespace course_channel
}  // namespace
