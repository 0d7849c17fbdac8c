#include "banned_constructs.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "text_files.h"

namespace grader {
namespace {

// Whole words, searched by hand: a student's file can be megabytes of one
// line, which std::regex should never walk.
struct Rule {
  std::vector<std::string_view> words;
  const char* message;
};

const Rule kRules[] = {
    {{"timed_mutex", "recursive_timed_mutex", "shared_timed_mutex"},
     "std::timed_mutex is not allowed in this course: ThreadSanitizer reports false data races "
     "for timed locks on these machines, which would cost you points you did not lose. Use "
     "std::mutex, and std::condition_variable::wait_for when you need to wait with a limit."},
    {{"try_lock_for", "try_lock_until"},
     "try_lock_for/try_lock_until are not allowed in this course: ThreadSanitizer reports false "
     "data races for timed locks on these machines. Use std::mutex with "
     "std::condition_variable::wait_for."},
    {{"atomic_thread_fence"},
     "std::atomic_thread_fence is not allowed in this course: ThreadSanitizer cannot see fences "
     "and reports false races around them. Put the ordering on the atomic operations themselves "
     "(memory_order_release on the store, memory_order_acquire on the load)."},
};

// Blanks comments and string/char literals, keeping line breaks so that
// line numbers stay right.
std::string code_only(const std::string& text) {
  std::string out = text;
  enum { kCode, kLine, kBlock, kString, kChar } state = kCode;
  for (std::size_t i = 0; i < out.size(); ++i) {
    char c = out[i];
    char next = i + 1 < out.size() ? out[i + 1] : '\0';
    switch (state) {
      case kCode:
        if (c == '/' && next == '/') state = kLine;
        else if (c == '/' && next == '*') state = kBlock;
        else if (c == '"') state = kString;
        else if (c == '\'') state = kChar;
        else continue;
        break;
      case kLine:
        if (c == '\n') state = kCode;
        break;
      case kBlock:
        if (c == '*' && next == '/') {
          out[i] = out[i + 1] = ' ';
          ++i;
          state = kCode;
          continue;
        }
        break;
      case kString:
      case kChar:
        if (c == '\\') {
          out[i] = ' ';
          if (next != '\n' && next != '\0') out[++i] = ' ';
          continue;
        }
        if ((state == kString && c == '"') || (state == kChar && c == '\'')) {
          state = kCode;
          continue;
        }
        break;
    }
    if (out[i] != '\n') out[i] = ' ';
  }
  return out;
}

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Where `word` occurs in `code` as a whole word.
void find_word(const std::string& code, std::string_view word, const char* message,
               std::vector<std::pair<std::size_t, const char*>>& hits) {
  for (std::size_t at = code.find(word); at != std::string::npos; at = code.find(word, at + 1)) {
    bool starts = at == 0 || !is_word_char(code[at - 1]);
    bool ends = at + word.size() == code.size() || !is_word_char(code[at + word.size()]);
    if (starts && ends) hits.emplace_back(at, message);
  }
}

}  // namespace

std::vector<BannedUse> find_banned_constructs_in(const std::string& file, const std::string& text) {
  std::string code = code_only(text);
  std::vector<std::pair<std::size_t, const char*>> hits;  // offset, message
  for (const auto& rule : kRules)
    for (auto word : rule.words) find_word(code, word, rule.message, hits);
  std::sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  // Line numbers in one pass over the code, however many hits there are.
  std::vector<BannedUse> found;
  std::size_t counted = 0;
  int line = 1;
  for (const auto& [at, message] : hits) {
    line += static_cast<int>(std::count(code.begin() + static_cast<std::ptrdiff_t>(counted),
                                        code.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    counted = at;
    found.push_back({file, line, message});
  }
  return found;
}

std::vector<BannedUse> find_banned_constructs(const std::vector<std::filesystem::path>& files) {
  std::vector<BannedUse> found;
  for (const auto& f : files) {
    // A source that is a FIFO or a device would block a plain read (and the
    // compiler): it is refused like a banned construct, with the reason.
    FileRead source = read_untrusted(f, 64 << 20);
    if (!source.ok() && source.refusal != Refusal::kMissing) {
      found.push_back(
          {f.string(), 0, refusal_message(f.filename().string(), source) + ": submit the source file itself"});
      continue;
    }
    for (auto& use : find_banned_constructs_in(f.string(), source.content)) found.push_back(std::move(use));
  }
  return found;
}

}  // namespace grader
