// What a submission's compiled code may link against and define, checked on
// its object files after they compile and before they link.
//
// A source scan can be fooled by macros and token pasting; the object files
// cannot: whatever the code calls by name is an undefined symbol there, and
// whatever it defines is a defined one. So the grader refuses
//   - references outside an allowlist: the exercise's API (namespace course),
//     the C++ standard library and its ABI runtime, the ISO C library (and
//     glibc's names for it), pthreads and the few POSIX calls the references
//     need, and the instrumentation ThreadSanitizer's compiler pass emits.
//     The harness (course_channel, course_testing, GoogleTest, benchmark),
//     the noise wrappers (__wrap_*, __real_*), dlsym, fork, exec, ptrace,
//     raw descriptor I/O and the like are not on it;
//   - definitions of hooks: sanitizer and runtime hooks (__tsan_*, ...),
//     anything in the harness's namespaces, main, an extern "C" function of
//     its own (it would interpose the C library's: a memcmp that always says
//     "equal"), strong definitions in namespace std, global operator
//     new/delete, and entries in .preinit_array;
//   - raw system calls in its code (syscall, sysenter, int $0x80), and calls
//     of syscall() with any number but SYS_futex (the one C++20's
//     std::atomic::wait, semaphores, latches and barriers make, inline from
//     libstdc++'s headers).
//
// The decisions are pure functions of readelf/objdump text (unit-tested on text);
// check_objects() runs the tools, through run_process() in the build sandbox.
// Residue: linear disassembly does not see an instruction hidden inside
// another's bytes and reached by a computed jump; closing that needs
// control-flow integrity (or seccomp in the test sandbox).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sandbox.h"

namespace grader {

struct ObjectSymbol {
  std::string name;  // mangled (a version suffix "@..." removed)
  // As nm would say it: 'U' undefined, 'w' weak undefined, 'T'/'D' strong
  // global definition (code/data), 'W' weak, 'u' unique, 't' local.
  char type = 0;
};

struct ElfSection {
  std::string name;  // ".text", ".preinit_array"
  std::string type;  // readelf's: "PROGBITS", "PREINIT_ARRAY"
};

struct ElfListing {
  std::vector<ElfSection> sections;
  std::vector<ObjectSymbol> symbols;
};

// The sections and symbols `readelf -S -s -W` lists. (readelf, not nm:
// nm loads the LTO plugin and takes ten times as long.)
ElfListing parse_readelf(const std::string& readelf_output);

// Sections a submission may not have: .preinit_array (by name or type).
struct SymbolRefusal;
std::vector<SymbolRefusal> check_sections(const ElfListing& listing, const std::string& source);

// Why a reference to `name` is refused, in words; nullopt: allowed.
std::optional<std::string> why_reference_refused(const std::string& name);

// Why the submission may not define `name` (nm type `type`); nullopt: fine.
std::optional<std::string> why_definition_refused(const std::string& name, char type);

// One thing refused in one object.
struct SymbolRefusal {
  std::string symbol;     // mangled ("" for a section or an instruction)
  std::string demangled;  // filled by check_objects() (c++filt); else empty
  std::string what;       // what was found, for the message: "a reference to X", "the instruction syscall"
  std::string reason;     // why it is refused and what to do
  std::string source;     // the student's file the object was compiled from
  int line = 0;           // when the line table says it, else 0
};

// What objdump -d -r -l -w says about one object's code (every executable
// section): raw system-call instructions, and calls of syscall() whose
// number is not SYS_futex (or syscall's address taken). `source` names the student's
// file; lines come from objdump's line output when it has them.
std::vector<SymbolRefusal> check_disassembly(const std::string& objdump_output, const std::string& source);

// For each symbol the code refers to, the line in `source` of the first
// instruction that does (0 when the line table does not say), from the
// same objdump output.
std::map<std::string, int> reference_lines(const std::string& objdump_output, const std::string& source);

// One compiled object of the submission and the student's file it came from.
struct StudentObject {
  std::filesystem::path object;
  std::filesystem::path source;
  std::string readelf_output;  // `readelf -S -s -W` of the object
  std::string objdump_output;  // `objdump -d -r -l -w --no-show-raw-insn` of it
};

// The decision over all the submission's objects at once: a reference one
// student object defines for another is the student's own code, not a
// reference out. Refusals in the order of the objects, then of the symbols.
std::vector<SymbolRefusal> check_symbols(const std::vector<StudentObject>& objects);

// Runs readelf and objdump on each object (in `sandbox`, which must show the
// objects), then check_symbols(). Scratch files go to `work_dir`. Throws
// GradingError when a tool cannot run (binutils missing). Demangles the
// symbols of refusals (c++filt) for the messages.
std::vector<SymbolRefusal> check_objects(
    const std::vector<std::pair<std::filesystem::path, std::filesystem::path>>& objects_and_sources,
    const std::filesystem::path& work_dir, const SandboxSpec& sandbox);

// The refusal as one message a student can act on, naming the demangled
// symbol (and the mangled one, for searching a batch):
// "a reference to X [symbol _Z...]: <reason>".
std::string describe_refusal(const SymbolRefusal& refusal, const std::string& demangled);

}  // namespace grader
