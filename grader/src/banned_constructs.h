// Constructs a submission may not use because ThreadSanitizer (g++ 12 on
// this course's machines) reports false races for them: a student must
// never lose points to a wrong race verdict, so the build refuses them with
// a message saying what to use instead.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace grader {

struct BannedUse {
  std::string file;  // as given
  int line = 0;
  std::string message;  // what was found, why it is refused, what to use instead
};

// Scans the code of `files` (comments and string literals do not count).
std::vector<BannedUse> find_banned_constructs(const std::vector<std::filesystem::path>& files);

// The same for one file's text.
std::vector<BannedUse> find_banned_constructs_in(const std::string& file, const std::string& text);

}  // namespace grader
