#include "compiled_sources.h"

#include <cctype>

#include "sandbox.h"

namespace grader {
namespace fs = std::filesystem;

namespace {

// Characters that may stand just before a path component inside a longer path.
bool continues_a_path(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '/' || c == '.' || c == '_' || c == '-' || c == '+' ||
         c == '~' || c == '@';
}

}  // namespace

std::string replace_path_prefix(std::string_view text, std::string_view from, std::string_view to) {
  if (from.empty() || from == to) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::size_t done = 0;
  for (std::size_t at = text.find(from); at != std::string_view::npos; at = text.find(from, at + 1)) {
    bool starts = at == 0 || !continues_a_path(text[at - 1]);
    bool is_dir = at + from.size() < text.size() && text[at + from.size()] == '/';
    if (!starts || !is_dir) continue;
    out.append(text.substr(done, at - done)).append(to);
    done = at + from.size();
  }
  out.append(text.substr(done));
  return out;
}

fs::path compiled_sources_dir(const fs::path& sources_dir) {
  return sandbox_support().available ? fs::path(kCompiledSourcesDir) : sources_dir;
}

std::string student_paths(std::string_view text, const fs::path& sources_dir) {
  if (!sandbox_support().available || sources_dir.empty()) return std::string(text);
  std::string to = sources_dir.string();
  while (to.size() > 1 && to.back() == '/') to.pop_back();
  return replace_path_prefix(text, kCompiledSourcesDir, to);
}

}  // namespace grader
