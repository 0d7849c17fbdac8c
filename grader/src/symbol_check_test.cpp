#include "symbol_check.h"

#include <gtest/gtest.h>

namespace grader {
namespace {

bool allowed(const std::string& name) { return !why_reference_refused(name).has_value(); }

TEST(SymbolCheck, ParsesReadelfSectionsAndSymbolsAndDropsVersions) {
  auto listing =
      parse_readelf("Section Headers:\n"
                    "  [Nr] Name              Type            Address          Off    Size   ES Flg Lk Inf Al\n"
                    "  [ 4] .text             PROGBITS        0000000000000000 000040 0001a2 00  AX  0   0 16\n"
                    "  [12] .foo              PREINIT_ARRAY   0000000000000000 000040 000008 08  WA  0   0  8\n"
                    "Symbol table '.symtab' contains 5 entries:\n"
                    "   Num:    Value          Size Type    Bind   Vis      Ndx Name\n"
                    "     0: 0000000000000000     0 NOTYPE  LOCAL  DEFAULT  UND \n"
                    "     2: 0000000000000000     0 SECTION LOCAL  DEFAULT    2 .text\n"
                    "     9: 0000000000000010    12 FUNC    LOCAL  DEFAULT    2 local_helper\n"
                    "    11: 0000000000000000   124 FUNC    GLOBAL DEFAULT    2 _ZN6course9WaitGroupC2Ev\n"
                    "    15: 0000000000000000     8 OBJECT  WEAK   HIDDEN    22 DW.ref.__gxx_personality_v0\n"
                    "    16: 0000000000000000     0 NOTYPE  GLOBAL DEFAULT  UND memcmp@GLIBC_2.2.5\n");
  ASSERT_EQ(listing.sections.size(), 2u);
  EXPECT_EQ(listing.sections[1].type, "PREINIT_ARRAY");
  ASSERT_EQ(listing.symbols.size(), 4u);
  EXPECT_EQ(listing.symbols[0].type, 't');
  EXPECT_EQ(listing.symbols[1].name, "_ZN6course9WaitGroupC2Ev");
  EXPECT_EQ(listing.symbols[1].type, 'T');
  EXPECT_EQ(listing.symbols[2].type, 'V');
  EXPECT_EQ(listing.symbols[3].name, "memcmp");
  EXPECT_EQ(listing.symbols[3].type, 'U');
  EXPECT_EQ(check_sections(listing, "a.cpp").size(), 1u) << "a .preinit_array by type, whatever its name";
}

TEST(SymbolCheck, AllowsTheApiTheStandardLibrariesPthreadsAndTsanInstrumentation) {
  for (const char* name : {"_ZN6course14NotImplementedC1EPKc",
                           "_ZNK6course8EventLog7entriesEv",
                           "_ZNSt6thread4joinEv",
                           "_ZSt9terminatev",
                           "_ZTVNSt7__cxx1115basic_stringbufIcSt11char_traitsIcESaIcEEE",
                           "_ZTISt9exception",
                           "_ZTTSo",
                           "_ZNSo5flushEv",
                           "_Znwm",
                           "_ZdlPvm",
                           "_ZTVN10__cxxabiv117__class_type_infoE",
                           "_ZN9__gnu_cxx27__verbose_terminate_handlerEv",
                           "memcmp",
                           "strlen",
                           "printf",
                           "__printf_chk",
                           "__memcpy_chk",
                           "__isoc99_sscanf",
                           "sqrtf",
                           "__errno_location",
                           "__cxa_throw",
                           "_Unwind_Resume",
                           "__gxx_personality_v0",
                           "pthread_mutex_lock",
                           "sched_yield",
                           "sched_getaffinity",
                           "nanosleep",
                           "clock_gettime",
                           "__tsan_read4",
                           "__tsan_unaligned_write8",
                           "__tsan_func_entry",
                           "__tsan_atomic32_load",
                           "__tsan_init",
                           "__tsan_vptr_update",
                           "__tsan_write_range",
                           "__udivti3",
                           "syscall"})
    EXPECT_TRUE(allowed(name)) << name << ": " << why_reference_refused(name).value_or("");
}

TEST(SymbolCheck, RefusesTheHarnessTheNoiseWrappersAndEscapeHatchesSayingWhat) {
  auto channel =
      why_reference_refused("_ZN14course_channel4SendERKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE");
  ASSERT_TRUE(channel);
  EXPECT_NE(channel->find("result channel"), std::string::npos) << *channel;
  EXPECT_NE(channel->find("pthreads"), std::string::npos) << "says what may be called";
  for (const char* name : {"_ZN14course_channel6IsOpenEv",
                           "_ZN7testing8internal12UnitTestImpl11current_testEv",
                           "_ZN9benchmark5State16PauseTimingEv",
                           "_ZN14course_testing5ScaleEv",
                           "_ZN12course_bench3RunEv",
                           "__wrap_pthread_mutex_lock",
                           "__real_pthread_mutex_lock",
                           "dlsym",
                           "dlopen",
                           "ptrace",
                           "process_vm_readv",
                           "fork",
                           "vfork",
                           "execve",
                           "posix_spawn",
                           "system",
                           "popen",
                           "kill",
                           "prctl",
                           "mprotect",
                           "mmap",
                           "write",
                           "open",
                           "dup2",
                           "fdopen",
                           "sendmsg",
                           "__read_chk",
                           "__tsan_acquire",
                           "__tsan_ignore_thread_begin",
                           "AnnotateHappensBefore",
                           "__sanitizer_set_report_path",
                           "pause",
                           "_ZN3foo3barEv",
                           "_ZN9__gnu_cxx13stdio_filebufIcSt11char_traitsIcEEC1EiSt13_Ios_Openmodem",
                           "_ZNSt12__basic_fileIcE8sys_openEiSt13_Ios_Openmode"})
    EXPECT_FALSE(allowed(name)) << name;
  EXPECT_NE(why_reference_refused("system")->find("processes"), std::string::npos);
  EXPECT_NE(why_reference_refused("__wrap_pthread_mutex_lock")->find("stress"), std::string::npos);
  EXPECT_TRUE(why_reference_refused(std::string(100000, 'a'))) << "a huge name is refused, not matched";
}

TEST(SymbolCheck, RefusesDefinitionsOfHooksHarnessSymbolsAndCFunctions) {
  for (auto [name, type] : std::vector<std::pair<std::string, char>>{{"__tsan_default_options", 'T'},
                                                                     {"__sanitizer_report_error_summary", 'T'},
                                                                     {"__asan_on_error", 'W'},
                                                                     {"_ZN6__tsan8OnReportEPKNS_10ReportDescEb", 'T'},
                                                                     {"__wrap_pthread_mutex_lock", 'T'},
                                                                     {"main", 'T'},
                                                                     {"memcmp", 'T'},
                                                                     {"clock_gettime", 'T'},
                                                                     {"_ZN14course_channel4SendEv", 'T'},
                                                                     {"_ZN7testing4TestC2Ev", 'W'},
                                                                     {"_ZNSt6thread4joinEv", 'T'},
                                                                     {"_Znwm", 'T'},
                                                                     {"stdout", 'D'},
                                                                     {"__libc_single_threaded", 'B'},
                                                                     {"environ", 'D'},
                                                                     {"counter", 'T'}}) {
    EXPECT_TRUE(why_definition_refused(name, type)) << name;
  }
  EXPECT_NE(why_definition_refused("memcmp", 'T')->find("extern \"C\""), std::string::npos);
  for (auto [name, type] : std::vector<std::pair<std::string, char>>{
           {"_ZN6course8EventLog6recordENSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEES5_", 'T'},
           {"_ZNSt6vectorIiSaIiEE17_M_realloc_insertIJRKiEEEvN9__gnu_cxx17__normal_iteratorIPiS1_EEDpOT_", 'W'},
           {"_ZZNSt19_Sp_make_shared_tag5_S_tiEvE5__tag", 'u'},
           {"DW.ref.__gxx_personality_v0", 'V'},
           {"__clang_call_terminate", 'W'},
           {"_Z6helperv", 'T'},
           {"memcmp", 't'},
           {"memcmp", 'U'},
           {"counter", 'D'},
           {"shared_total", 'B'}}) {
    EXPECT_FALSE(why_definition_refused(name, type)) << name;
  }
}

TEST(SymbolCheck, AFileMayCallAnotherFilesGlobalsButNotThroughALocalOfTheSameName) {
  StudentObject a{"a.o", "a.cpp",
                  "     1: 0000000000000000    12 FUNC    GLOBAL DEFAULT    2 _Z6helperv\n"
                  "     2: 0000000000000000    12 FUNC    LOCAL  DEFAULT    2 write\n",
                  ""};
  StudentObject b{"b.o", "b.cpp",
                  "     1: 0000000000000000     0 NOTYPE  GLOBAL DEFAULT  UND _Z6helperv\n"
                  "     2: 0000000000000000     0 NOTYPE  GLOBAL DEFAULT  UND write\n",
                  "0000000000000000 <_Z1fv>:\n"
                  "/src/b.cpp:5\n"
                  "   0:\tcall   5 <_Z1fv+0x5>\n"
                  "\t\t\t1: R_X86_64_PLT32\twrite-0x4\n"};
  auto refused = check_symbols({a, b});
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].symbol, "write");
  EXPECT_EQ(refused[0].source, "b.cpp");
  EXPECT_EQ(refused[0].line, 5);
}

TEST(SymbolCheck, FindsRawSystemCallsWithTheirLines) {
  const std::string objdump = "Disassembly of section .text.hidden:\n\n"
                              "0000000000000000 <_Z5forgev>:\n"
                              "_Z5forgev():\n"
                              "/src/a.cpp:7\n"
                              "   0:\tmov    $0x1,%eax\n"
                              "/src/a.cpp:8 (discriminator 2)\n"
                              "   5:\tsyscall \n"
                              "/usr/include/c++/12/bits/atomic_wait.h:82\n"
                              "   7:\tint    $0x80\n"
                              "   9:\tret    \n";
  auto refused = check_disassembly(objdump, "/src/a.cpp");
  ASSERT_EQ(refused.size(), 2u);
  EXPECT_EQ(refused[0].what, "the instruction syscall");
  EXPECT_EQ(refused[0].line, 8);
  EXPECT_EQ(refused[1].what, "the instruction int $0x80");
  EXPECT_EQ(refused[1].line, 8) << "the line in the student's file, not the header's";
}

TEST(SymbolCheck, LetsSyscallThroughOnlyForFutex) {
  const std::string futex = "0000000000000000 <_ZNSt8__detail15__platform_waitIiEEvPKT_i>:\n"
                            "  2f:\tmov    $0xca,%edi\n"
                            "  34:\txor    %eax,%eax\n"
                            "  39:\tcall   3e <_ZNSt8__detail15__platform_waitIiEEvPKT_i+0x3e>\n"
                            "\t\t\t3a: R_X86_64_PLT32\tsyscall-0x4\n";
  EXPECT_TRUE(check_disassembly(futex, "a.cpp").empty());
  const std::string write = "0000000000000000 <_Z5forgev>:\n"
                            "/src/a.cpp:3\n"
                            "  2f:\tmov    $0x1,%edi\n"
                            "  39:\tcall   3e <_Z5forgev+0x3e>\n"
                            "\t\t\t3a: R_X86_64_PLT32\tsyscall-0x4\n";
  auto refused = check_disassembly(write, "/src/a.cpp");
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].symbol, "syscall");
  EXPECT_EQ(refused[0].line, 3);
  const std::string write_one_line =  // objdump -w: the relocation on the instruction's line
      "0000000000000000 <_Z5forgev>:\n"
      "  3b:\tmov    $0xe4,%edi\n"
      "  45:\tcall   4a <_Z5forgev+0x4a>\t46: R_X86_64_PLT32\tsyscall-0x4\n";
  EXPECT_EQ(check_disassembly(write_one_line, "a.cpp").size(), 1u);
  const std::string futex_one_line = "0000000000000000 <_Z5forgev>:\n"
                                     "  3b:\tmov    $0xca,%edi\n"
                                     "  45:\tcall   4a <_Z5forgev+0x4a>\t46: R_X86_64_PLT32\tsyscall-0x4\n";
  EXPECT_TRUE(check_disassembly(futex_one_line, "a.cpp").empty());
  const std::string address_taken = "0000000000000000 <_Z5forgev>:\n"
                                    "  2f:\tmov    $0xca,%edi\n"
                                    "  34:\tmov    0x0(%rip),%rax\n"
                                    "\t\t\t37: R_X86_64_REX_GOTPCRELX\tsyscall-0x4\n";
  EXPECT_EQ(check_disassembly(address_taken, "a.cpp").size(), 1u) << "its address could be called with any number";
  const std::string clobbered = "0000000000000000 <_Z5forgev>:\n"
                                "  2f:\tmov    $0xca,%edi\n"
                                "  30:\tcall   35 <_Z3getv>\n"
                                "  35:\tmov    %eax,%edi\n"
                                "  39:\tcall   3e <_Z5forgev+0x3e>\n"
                                "\t\t\t3a: R_X86_64_PLT32\tsyscall-0x4\n";
  EXPECT_EQ(check_disassembly(clobbered, "a.cpp").size(), 1u);
}

TEST(SymbolCheck, DescribesARefusalWithTheDemangledAndTheMangledName) {
  SymbolRefusal r{"_ZN14course_channel6IsOpenEv", "", "a reference to", "it is the channel", "a.cpp", 3};
  std::string text = describe_refusal(r, "course_channel::IsOpen()");
  EXPECT_NE(text.find("course_channel::IsOpen()"), std::string::npos) << text;
  EXPECT_NE(text.find("_ZN14course_channel6IsOpenEv"), std::string::npos) << "searchable in a batch";
}

}  // namespace
}  // namespace grader
