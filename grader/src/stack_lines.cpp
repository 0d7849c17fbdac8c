#include "stack_lines.h"

#include <sys/stat.h>

#include <chrono>

#include <fmt/format.h>

#include "compiled_sources.h"
#include "digits.h"
#include "subprocess.h"
#include "text_files.h"

namespace grader {
namespace {

namespace fs = std::filesystem;

// addr2line is asked for at most this many addresses, and its answer read
// up to this size: a thread a frame, a few hundred threads.
constexpr std::size_t kMaxAddresses = 4096;
constexpr std::size_t kMaxAnswerBytes = 4 << 20;

// gdb names a function without its parameters, addr2line with them:
// "course::WaitGroup::wait" and "course::WaitGroup::wait()" are one.
bool same_function(const std::string& a, const std::string& b) {
  auto bare = [](std::string s) {
    s = short_function(s);
    if (s.size() > 2 && s.compare(s.size() - 2, 2, "()") == 0) s.resize(s.size() - 2);
    return s;
  };
  return bare(a) == bare(b);
}

// The next field of a maps line, spaces skipped; "" at the end.
std::string_view next_field(std::string_view& line) {
  std::size_t start = line.find_first_not_of(' ');
  if (start == std::string_view::npos) {
    line = {};
    return {};
  }
  std::size_t end = line.find(' ', start);
  std::string_view field = line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  line = end == std::string_view::npos ? std::string_view{} : line.substr(end);
  return field;
}

// Each inline group of `frames`: [first, last], where the first has the
// address and the ones after it were inlined into... the last.
template <typename Visit>
void for_each_group(const std::vector<Frame>& frames, Visit visit) {
  for (std::size_t first = 0; first < frames.size();) {
    std::size_t last = first;
    while (last + 1 < frames.size() && frames[last + 1].pc == 0) ++last;
    visit(first, last);
    first = last + 1;
  }
}

// The address relative to the file to look up for the group at `first`,
// or nullopt when it has none inside `binary`.
std::optional<std::uint64_t> lookup_address(const std::vector<Frame>& frames, std::size_t first,
                                            const Mapping& binary) {
  std::uint64_t pc = frames[first].pc;
  if (pc < binary.start || pc >= binary.end) return std::nullopt;
  // A return address points after the call; the call is the line.
  return pc - binary.base - (first > 0 ? 1 : 0);
}

}  // namespace

std::optional<Mapping> parse_maps(std::string_view maps, std::uint64_t inode) {
  std::optional<Mapping> found;
  std::uint64_t lowest_offset_start = 0;
  for (std::size_t start = 0; start < maps.size();) {
    std::size_t end = maps.find('\n', start);
    if (end == std::string_view::npos) end = maps.size();
    std::string_view line = maps.substr(start, end - start);
    start = end + 1;
    // "55555555400-555555556000 r--p 00000000 fe:01 1234   /path"
    std::string_view range = next_field(line);
    next_field(line);  // permissions
    std::string_view offset_text = next_field(line);
    next_field(line);  // device
    auto node = parse_unsigned(next_field(line));
    auto dash = range.find('-');
    if (!node || *node != inode || inode == 0 || dash == std::string_view::npos) continue;
    std::uint64_t from = parse_hex(range.substr(0, dash));
    std::uint64_t to = parse_hex(range.substr(dash + 1));
    std::uint64_t offset = parse_hex(offset_text);
    if (from == 0 || to <= from) continue;
    if (!found) {
      found = Mapping{from, to, from - std::min(from, offset)};
      lowest_offset_start = from;
      continue;
    }
    found->start = std::min(found->start, from);
    found->end = std::max(found->end, to);
    if (from < lowest_offset_start) {
      lowest_offset_start = from;
      found->base = from - std::min(from, offset);
    }
  }
  return found;
}

std::vector<std::uint64_t> addresses_to_look_up(const std::vector<ThreadStack>& threads, const Mapping& binary,
                                                const std::vector<std::string>& dirs) {
  std::vector<std::uint64_t> addresses;
  for (const auto& thread : threads)
    for_each_group(thread.frames, [&](std::size_t first, std::size_t last) {
      if (addresses.size() >= kMaxAddresses || is_under(thread.frames[last].file, dirs)) return;
      if (auto address = lookup_address(thread.frames, first, binary)) addresses.push_back(*address);
    });
  return addresses;
}

std::map<std::uint64_t, std::vector<Frame>> parse_addr2line(std::string_view text) {
  std::map<std::uint64_t, std::vector<Frame>> out;
  std::vector<Frame>* current = nullptr;
  std::optional<std::string> function;  // a name line waiting for its location line
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (!function && line.rfind("0x", 0) == 0 && line.size() > 2 && parse_hex(line.substr(2)) != 0) {
      current = &out[parse_hex(line.substr(2))];
      continue;
    }
    if (current == nullptr) continue;
    if (!function) {
      function = std::string(line);
      continue;
    }
    // "/submission/wait_group.cpp:45", "/x.cpp:45 (discriminator 2)", "??:0"
    Frame frame{std::move(*function), "", 0};
    function.reset();
    std::string_view where = line.substr(0, line.find(" ("));
    if (auto colon = where.rfind(':'); colon != std::string_view::npos && colon > 0 && where.substr(0, colon) != "??") {
      if (auto n = parse_number(where.substr(colon + 1))) {
        frame.file = std::string(where.substr(0, colon));
        frame.line = *n;
      }
    }
    current->push_back(std::move(frame));
  }
  return out;
}

void apply_lines(std::vector<ThreadStack>& threads, const Mapping& binary,
                 const std::map<std::uint64_t, std::vector<Frame>>& lines, const std::vector<std::string>& dirs) {
  for (auto& thread : threads)
    for_each_group(thread.frames, [&](std::size_t first, std::size_t last) {
      Frame& shown = thread.frames[last];
      if (is_under(shown.file, dirs)) return;
      auto address = lookup_address(thread.frames, first, binary);
      if (!address) return;
      auto it = lines.find(*address);
      if (it == lines.end() || it->second.empty()) return;
      const Frame& real = it->second.back();
      if (!is_under(real.file, dirs) || !same_function(real.function, shown.function)) return;
      shown.file = real.file;
      shown.line = real.line;
    });
}

void relocate_frames(std::vector<ThreadStack>& threads, pid_t pid, const fs::path& binary,
                     const std::vector<std::string>& dirs, const fs::path& sources_dir) {
  struct stat file {};
  if (::stat(binary.c_str(), &file) != 0) return;
  std::optional<Mapping> mapping =
      parse_maps(read_file(fmt::format("/proc/{}/maps", pid), 1 << 20), static_cast<std::uint64_t>(file.st_ino));
  if (!mapping) return;
  // addr2line takes a position-independent binary's addresses from 0, a
  // fixed one's as they are (ELF's e_type, at byte 16: 2 is ET_EXEC).
  if (std::string head = read_file(binary, 18); head.size() == 18 && head[16] == 2 && head[17] == 0) mapping->base = 0;
  std::vector<std::uint64_t> addresses = addresses_to_look_up(threads, *mapping, dirs);
  if (addresses.empty()) return;
  PrivateDir dir("grader-lines");
  if (dir.path.empty()) return;
  ProcessSpec spec;
  spec.argv = {"addr2line", "-a", "-f", "-i", "-C", "-e", binary.string()};
  for (std::uint64_t a : addresses) spec.argv.push_back(fmt::format("{:#x}", a));
  spec.stdout_file = dir.path / "lines.txt";
  spec.env = {{"LC_ALL", "C"}};
  spec.timeout = std::chrono::seconds(20);
  spec.max_memory_kib = 1l << 20;
  spec.max_file_bytes = 2 * kMaxAnswerBytes;
  spec.sandbox = SandboxSpec{{binary.parent_path()}, {}};
  ToolRun run = run_tool(spec, {.max_log_bytes = kMaxAnswerBytes});
  if (!run.process.started || run.process.exit_code != std::optional<int>(0)) return;
  apply_lines(threads, *mapping, parse_addr2line(student_paths(run.log, sources_dir)), dirs);
}

}  // namespace grader
