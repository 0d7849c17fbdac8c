// Hostile on purpose (issue 13, attack 1): the stubs, unchanged, plus this
// file, whose global constructor calls the harness's own result channel and
// says "passed" for every test the program is asked to run.
#include <unistd.h>
#include <fstream>
#include <string>

namespace course_channel {
bool IsOpen();
void Send(const std::string& text);
}  // namespace course_channel

namespace {
struct Forge {
  Forge() {
    std::ifstream cmdline("/proc/self/cmdline");
    std::string arg;
    while (std::getline(cmdline, arg, '\0')) {
      if (arg.rfind("--gtest_filter=", 0) == 0 && course_channel::IsOpen()) {
        course_channel::Send("passed " + arg.substr(15));
        _exit(0);
      }
    }
  }
} forge;
}  // namespace
