#include "result_channel.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>

namespace course_channel {
namespace {

constexpr char kTokenVariable[] = "COURSE_RESULT_TOKEN=";
constexpr char kFileVariable[] = "COURSE_RESULT_FILE=";

char g_token[128];
int g_result_fd = -1;

// Copies the value of `entry` ("NAME=value") into `out` if it has `prefix`,
// then blanks the value in place: /proc/self/environ shows this very memory.
bool TakeVariable(char* entry, const char* prefix, char* out, std::size_t out_size) {
  std::size_t n = std::strlen(prefix);
  if (std::strncmp(entry, prefix, n) != 0) return false;
  char* value = entry + n;
  std::strncpy(out, value, out_size - 1);
  std::memset(value, 0, std::strlen(value));
  return true;
}

void TakeResultChannel(int, char**, char** envp) {
  char path[4096] = {};
  for (char** e = envp; *e != nullptr; ++e) {
    TakeVariable(*e, kTokenVariable, g_token, sizeof g_token);
    TakeVariable(*e, kFileVariable, path, sizeof path);
  }
  if (path[0] != '\0') g_result_fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
}

// .preinit_array runs before every constructor. The grader links the course's
// archive ahead of the student's objects, so this entry comes first even if
// a submission adds one of its own.
__attribute__((section(".preinit_array"), used)) void (*const kTakeResultChannel)(int, char**, char**) =
    TakeResultChannel;

}  // namespace

bool IsOpen() { return g_result_fd >= 0; }

void Send(const std::string& text) {
  if (g_result_fd < 0) return;
  std::string line = std::string(g_token) + " " + text + "\n";
  (void)!write(g_result_fd, line.data(), line.size());
}

}  // namespace course_channel
