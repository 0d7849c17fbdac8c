#include "banned_constructs.h"

#include <algorithm>
#include <regex>

#include "text_files.h"

namespace grader {
namespace {

struct Rule {
  const char* pattern;
  const char* message;
};

const Rule kRules[] = {
    {R"(\b(timed_mutex|recursive_timed_mutex|shared_timed_mutex)\b)",
     "std::timed_mutex is not allowed in this course: ThreadSanitizer reports false data races "
     "for timed locks on these machines, which would cost you points you did not lose. Use "
     "std::mutex, and std::condition_variable::wait_for when you need to wait with a limit."},
    {R"(\btry_lock_(for|until)\b)",
     "try_lock_for/try_lock_until are not allowed in this course: ThreadSanitizer reports false "
     "data races for timed locks on these machines. Use std::mutex with "
     "std::condition_variable::wait_for."},
    {R"(\batomic_thread_fence\b)",
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

}  // namespace

std::vector<BannedUse> find_banned_constructs_in(const std::string& file, const std::string& text) {
  std::vector<BannedUse> found;
  std::string code = code_only(text);
  for (const auto& rule : kRules) {
    std::regex re(rule.pattern);
    for (auto it = std::sregex_iterator(code.begin(), code.end(), re); it != std::sregex_iterator(); ++it) {
      int line = 1 + static_cast<int>(std::count(code.begin(), code.begin() + it->position(), '\n'));
      found.push_back({file, line, rule.message});
    }
  }
  std::sort(found.begin(), found.end(), [](const BannedUse& a, const BannedUse& b) { return a.line < b.line; });
  return found;
}

std::vector<BannedUse> find_banned_constructs(const std::vector<std::filesystem::path>& files) {
  std::vector<BannedUse> found;
  for (const auto& f : files)
    for (auto& use : find_banned_constructs_in(f.string(), read_file(f))) found.push_back(std::move(use));
  return found;
}

}  // namespace grader
