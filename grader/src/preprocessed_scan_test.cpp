#include "preprocessed_scan.h"

#include <gtest/gtest.h>

namespace grader {
namespace {

// Preprocessor output as g++ writes it: line markers, then the lines.
const std::string kStudent = "/course/solutions/01_x/";

std::string marker(int line, const std::string& file) { return "# " + std::to_string(line) + " \"" + file + "\"\n"; }

TEST(PreprocessedScan, FindsAnAttributeMadeByTokenPasting) {
  // What `#define OFF(a, b) a##b` and `__attribute__((OFF(no_sanit, ize_thread)))` leave.
  std::string text =
      marker(1, kStudent + "a.cpp") + "int x;\n\n" + "__attribute__((no_sanitize_thread)) void f(int* p) { *p = 1; }\n";
  auto found = scan_preprocessed(text, kStudent);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].file, kStudent + "a.cpp");
  EXPECT_EQ(found[0].line, 3);
  EXPECT_NE(found[0].message.find("ThreadSanitizer off"), std::string::npos);
}

TEST(PreprocessedScan, FindsEverySpellingOfTheRefusedAttributes) {
  std::string text = marker(10, kStudent + "a.cpp") +
                     "[[gnu::no_sanitize(\"thread\")]] void a();\n"
                     "__attribute__((__no_sanitize_thread__, noinline)) void b();\n"
                     "__attribute__((section(\".preinit_array\"), used)) void (*c)() = 0;\n"
                     "[[gnu::section(\".text.x\")]] void d();\n"
                     "__attribute__((ifunc(\"r\"))) void e();\n"
                     "__attribute__((noinline, disable_sanitizer_instrumentation)) void f();\n";
  auto found = scan_preprocessed(text, kStudent);
  ASSERT_EQ(found.size(), 6u);
  for (std::size_t i = 0; i < found.size(); ++i) EXPECT_EQ(found[i].line, 10 + static_cast<int>(i));
}

TEST(PreprocessedScan, FindsInlineAssemblyHoweverSpelt) {
  std::string text =
      marker(1, kStudent + "b.cpp") + "void f() { asm(\"syscall\"); }\nvoid g() { __asm__ volatile(\"\"); }\n";
  auto found = scan_preprocessed(text, kStudent);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[1].line, 2);
  EXPECT_NE(found[0].message.find("inline assembly"), std::string::npos);
}

TEST(PreprocessedScan, IgnoresTheSystemsHeaders) {
  std::string text = marker(1, "/usr/include/c++/12/bits/atomic_base.h") +
                     "__attribute__((no_sanitize_thread)) inline void h() { asm volatile(\"\"); }\n" +
                     marker(5, kStudent + "a.cpp") + "int ok;\n";
  EXPECT_TRUE(scan_preprocessed(text, kStudent).empty());
}

TEST(PreprocessedScan, OrdinaryNamesAndLiteralsAreNotAttributes) {
  std::string text = marker(1, kStudent + "a.cpp") +
                     "int section = 0; int alias(int naked) { return naked + section; }\n"
                     "const char* s = \"asm __attribute__((section))\"; char c = '\\'';\n"
                     "const char* r = R\"x(asm(\"syscall\")\n still raw )\" asm )x\";\n"
                     "int after = sizeof(int[2]);\n"
                     "__attribute__((noinline)) int after2(int section) { return section; }\n";
  EXPECT_TRUE(scan_preprocessed(text, kStudent).empty());
}

TEST(PreprocessedScan, KeepsLineNumbersAcrossRawStrings) {
  std::string text = marker(1, kStudent + "a.cpp") + "auto r = R\"(one\ntwo\nthree)\";\nasm(\"\");\n";
  auto found = scan_preprocessed(text, kStudent);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].line, 4);
}

TEST(PreprocessedScan, BoundedOnHostileText) {
  std::string text = marker(1, kStudent + "a.cpp");
  text += std::string(4 << 20, '(');            // unbalanced parentheses
  text += "R\"" + std::string(1 << 20, 'x');    // a raw string that never opens
  text += std::string(1 << 20, '\xff') + "\"";  // bytes that are not text, an unterminated literal
  EXPECT_NO_THROW(scan_preprocessed(text, kStudent));
}

}  // namespace
}  // namespace grader
