// The lines of a hung thread's frames, looked up again where gdb's answer
// names a library header instead of the student's file.
//
// Why: in an optimized build (the -O2 test binary) gdb often places a
// frame of the student's function on a line of code inlined into it and
// dropped from the inline tree: "course::WaitGroup::wait at
// /usr/include/c++/12/bits/unique_ptr.h:191". The report then has no frame
// in the student's code to show. addr2line, asked for the same return
// address, reads every row of the line table and answers
// "course::WaitGroup::wait() at wait_group.cpp:45".
//
// Only a frame gdb names with a file outside `dirs` (the student's and the
// tests' directories) is looked up, and only its file and line change, when
// addr2line names the same function in a file under `dirs`. So a report that
// already had the student's line keeps it, and a library's own frame stays
// a library frame.
//
// The pure parts (parsing /proc/PID/maps and addr2line's output, choosing
// and applying the lines) are apart from the I/O part, relocate_frames().
// Thread-safety: pure functions, and relocate_frames() touches only the
// process it reads and a private directory of its own.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frame.h"
#include "stack_dump.h"

namespace grader {

// Where one file is mapped in a process: [start, end), and the address its
// first byte would have (start minus the file offset of the lowest mapping).
struct Mapping {
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  std::uint64_t base = 0;
};

// The mappings of the file with inode `inode` in `maps` (the text of
// /proc/PID/maps), joined into one range; nullopt when it is not mapped.
std::optional<Mapping> parse_maps(std::string_view maps, std::uint64_t inode);

// The addresses, relative to the file, to ask addr2line for: one per frame
// that names a file outside `dirs` and has a pc inside `binary`, the last
// frame of its inline group (the function gdb's address lies in). A return
// address (every frame after a thread's first) is asked for one byte back,
// the call instruction itself.
std::vector<std::uint64_t> addresses_to_look_up(const std::vector<ThreadStack>& threads, const Mapping& binary,
                                                const std::vector<std::string>& dirs);

// `addr2line -a -f -i -C` output: for each "0x..." line, the frames that
// follow it, innermost inlined function first, the function the address
// lies in last.
std::map<std::uint64_t, std::vector<Frame>> parse_addr2line(std::string_view text);

// Changes the file and line of each frame addresses_to_look_up() chose when
// the last frame addr2line gave for its address is the same function (by
// short_function(), parameters aside) in a file under `dirs`.
void apply_lines(std::vector<ThreadStack>& threads, const Mapping& binary,
                 const std::map<std::uint64_t, std::vector<Frame>>& lines, const std::vector<std::string>& dirs);

// All of the above for the live process `pid` running `binary`: reads its
// maps, runs addr2line on the binary (sandboxed: it parses the student's
// debug information), maps /submission to `sources_dir`
// (compiled_sources.h) and applies the lines. Leaves `threads` as they are
// when anything is missing (no addr2line, the process gone, a stripped
// binary): a better line is a help, never a requirement.
void relocate_frames(std::vector<ThreadStack>& threads, pid_t pid, const std::filesystem::path& binary,
                     const std::vector<std::string>& dirs, const std::filesystem::path& sources_dir);

}  // namespace grader
