// The main() of every exercise's test binary.
#include <sys/prctl.h>

#include <gtest/gtest.h>

int main(int argc, char** argv) {
  // When a test hangs, the grader attaches gdb to print every thread's stack.
  // Where Yama restricts ptrace to a process's ancestors, gdb (a sibling of
  // this process) needs this permission. Without Yama the call fails harmlessly.
  prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
