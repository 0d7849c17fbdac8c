#include "explain.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

namespace grader {
namespace {

struct Hint {
  const char* kind_prefix;
  const char* text;
};

const Hint kHints[] = {
    {"data race", "Two threads used the same memory at the same time, at least one of them writing, and "
                  "nothing ordered the two accesses. Guard the data with one mutex that both sides lock, or "
                  "make it a std::atomic. A race can pass a test and still corrupt data on another run."},
    {"lock-order-inversion", "Two mutexes are locked in opposite orders on different paths: two threads doing that at "
                             "once wait for each other forever. Take them in one fixed order, or together with "
                             "std::scoped_lock."},
    {"thread leak", "A thread was still running, never joined, when the test ended. Join every std::thread you "
                    "start before the function that owns it returns (or use std::jthread)."},
    {"heap-use-after-free", "Memory was used after it was freed, typically by a thread still running after the object "
                            "it works on was destroyed. Join threads before their data goes away."},
    {"destroy of a locked mutex",
     "A mutex was destroyed while still locked: some thread still held it when its owner died."},
    {"unlock of an unlocked mutex", "A mutex was unlocked that was not locked: check lock/unlock pairs."},
    {"double lock of a mutex", "A thread locked a mutex it already held: with std::mutex that blocks forever."},
    {"signal-unsafe call", "A function that is not async-signal-safe was called in a signal handler."},
};

std::string hint_for(const std::string& kind) {
  for (const auto& h : kHints)
    if (kind.rfind(h.kind_prefix, 0) == 0) return h.text;
  return "ThreadSanitizer found a synchronization error; see the raw report for details.";
}

// The frame a student should look at: theirs, else the test's, else the
// first frame that has a source file.
const Frame* pick_frame(const std::vector<Frame>& frames, const SourceDirs& dirs) {
  if (const Frame* f = first_frame_in(frames, {dirs.submission})) return f;
  if (const Frame* f = first_frame_in(frames, {dirs.tests})) return f;
  for (const auto& f : frames)
    if (!f.file.empty()) return &f;
  return frames.empty() ? nullptr : &frames.front();
}

std::string describe_frame(const Frame& frame, const SourceDirs& dirs) {
  std::string out = frame.file.empty() ? "in library code" : "at " + location(frame, dirs.root);
  std::string function = short_function(frame.function);
  if (!function.empty()) out += " (" + function + ")";
  return out;
}

// Real titles are under 200 bytes; a regex over this many is safe.
constexpr std::size_t kMaxTitleBytes = 1024;

// "Previous write of size 8 at 0x7b... by thread T3 (mutexes: write M0)" -> "earlier write by thread T3".
std::string describe_section_title(const std::string& title) {
  static const std::regex access(
      R"(^(Previous )?(atomic )?(write|read) of size \d+ at 0x[0-9a-f]+ by (.+?)(?: \(mutexes: .*\))?$)",
      std::regex::icase);
  static const std::regex created(R"(^Thread (T\d+) .*created by (.+?) at$)");
  // The title comes from a log the test could write: std::regex recurses
  // once per character, so only a title of a real report's size is matched.
  if (title.size() > kMaxTitleBytes) return title;
  std::smatch m;
  if (std::regex_match(title, m, access)) {
    std::string what = m[1].matched ? "earlier " : "";
    if (m[2].matched) what += "atomic ";
    std::string verb = m[3];
    std::transform(verb.begin(), verb.end(), verb.begin(), ::tolower);
    return what + verb + " by " + m[4].str();
  }
  if (std::regex_match(title, m, created)) return "thread " + m[1].str() + " was started";
  return title;
}

bool is_context_section(const std::string& title) {
  bool mutex_creation = title.rfind("Mutex M", 0) == 0 && title.find("created at") != std::string::npos;
  return title.rfind("Location is", 0) == 0 || mutex_creation;
}

// The next frame outward from `mine` that is in the student's files at
// another place, or nullptr.
const Frame* student_caller(const std::vector<Frame>& frames, const Frame* mine, const SourceDirs& dirs) {
  if (mine == nullptr) return nullptr;
  for (auto i = static_cast<std::size_t>(mine - frames.data()) + 1; i < frames.size(); ++i) {
    const Frame& f = frames[i];
    bool is_students = !dirs.submission.empty() && f.file.rfind(dirs.submission, 0) == 0;
    if (is_students && (f.file != mine->file || f.line != mine->line)) return &f;
  }
  return nullptr;
}

}  // namespace

Finding explain_tsan_report(const TsanReport& report, const SourceDirs& dirs) {
  Finding finding;
  std::set<std::string> places;
  std::string lines;
  for (const auto& section : report.sections) {
    if (is_context_section(section.title)) continue;
    const Frame* frame = pick_frame(section.frames, dirs);
    if (frame == nullptr) continue;
    std::string title = describe_section_title(section.title);
    bool is_thread_start = title.find("was started") != std::string::npos;
    lines += "\n  " + (title.empty() ? std::string("at") : title) + " " + describe_frame(*frame, dirs);
    if (is_thread_start) continue;
    places.insert(location(*frame, dirs.root));
    if (finding.file.empty() && first_frame_in(section.frames, {dirs.submission}) == frame) {
      finding.file = relative_to(frame->file, dirs.root);
      finding.line = frame->line;
    }
  }
  std::string kind = report.kind;
  if (!kind.empty()) kind[0] = static_cast<char>(std::toupper(kind[0]));
  finding.message = "ThreadSanitizer: " + kind + ":" + lines + "\n  " + hint_for(report.kind);
  finding.key = report.kind;
  for (const auto& p : places) finding.key += "|" + p;
  return finding;
}

Finding explain_stuck_threads(const std::vector<ThreadStack>& threads, const SourceDirs& dirs) {
  // Group threads stuck at the same place doing the same thing.
  std::map<std::string, std::vector<int>> groups;
  std::vector<std::string> order;
  Finding finding;
  for (const auto& thread : threads) {
    bool is_tsan_helper = std::any_of(thread.frames.begin(), thread.frames.end(), [](const Frame& f) {
      return f.function.find("__tsan::BackgroundThread") != std::string::npos;
    });
    if (is_tsan_helper) continue;
    std::string line = blocking_activity(thread);
    const Frame* mine = first_frame_in(thread.frames, {dirs.submission});
    const Frame* test = first_frame_in(thread.frames, {dirs.tests});
    if (mine != nullptr) line += " " + describe_frame(*mine, dirs);
    // The wait is often in a helper (WaitGroup::wait) and the mistake in its
    // caller: show the caller too when it is also the student's.
    if (const Frame* caller = student_caller(thread.frames, mine, dirs))
      line += ", called " + describe_frame(*caller, dirs);
    if (test != nullptr) line += (mine ? ", called from the test " : " in the test ") + describe_frame(*test, dirs);
    if (mine == nullptr && test == nullptr) line += " (no frame in your code or the test)";
    if (mine != nullptr && finding.file.empty()) {
      finding.file = relative_to(mine->file, dirs.root);
      finding.line = mine->line;
    }
    if (groups[line].empty()) order.push_back(line);
    groups[line].push_back(thread.number);
  }
  for (const auto& line : order) {
    const auto& numbers = groups[line];
    std::string who = numbers.size() == 1 ? (numbers[0] == 1 ? "main thread" : "thread " + std::to_string(numbers[0]))
                                          : std::to_string(numbers.size()) + " threads";
    finding.message += "\n  " + who + ": " + line;
  }
  if (order.empty()) finding.message = "\n  (no stacks: gdb is not installed or could not attach)";
  finding.key = "hang|" + finding.file + ":" + std::to_string(finding.line);
  return finding;
}

}  // namespace grader
