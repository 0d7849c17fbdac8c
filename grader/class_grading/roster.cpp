#include "roster.h"

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>

#include "grading_error.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kMaxNameLength = 100;

bool is_dir(const fs::path& path) {
  std::error_code error;
  return fs::is_directory(path, error);
}

// Where the submission is in a student's directory, or "" with `problem` set.
fs::path locate_submission(const fs::path& dir, const std::vector<std::string>& exercise_dirs, std::string& problem) {
  if (is_dir(dir / "solutions") && is_dir(dir / "exercises")) return dir / "solutions";
  for (const auto& exercise : exercise_dirs)
    if (is_dir(dir / exercise)) return dir;
  std::string expected;
  for (const auto& exercise : exercise_dirs) expected += (expected.empty() ? "" : ", ") + exercise + "/";
  problem = "the directory holds neither an exercise directory (" + expected +
            ") nor solutions/ and exercises/ (a clone of the course)";
  return {};
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Two names that differ only in case share their files on a case-insensitive
// file system (a laptop's, a shared drive's): refused like unsafe names.
void refuse_bad_names(const std::vector<Student>& students, const fs::path& roster) {
  std::vector<std::string> bad;
  std::map<std::string, std::string> by_lower;
  for (const auto& s : students) {
    if (std::string why = unsafe_name_reason(s.name); !why.empty()) bad.push_back("\"" + s.name + "\" (" + why + ")");
    auto [it, fresh] = by_lower.emplace(lower(s.name), s.name);
    if (!fresh) bad.push_back("\"" + s.name + "\" (differs from \"" + it->second + "\" only in case)");
  }
  if (bad.empty()) return;
  std::string list;
  for (const auto& b : bad) list += "\n  " + b;
  throw GradingError("the roster " + roster.string() +
                     " has directories whose names cannot name a student's files:" + list +
                     "\nRename them (letters, digits, '.', '_' and '-', starting with a letter or digit, "
                     "at most 100 characters), then run the same command again.");
}

}  // namespace

std::string unsafe_name_reason(const std::string& name) {
  if (name.empty()) return "empty";
  if (name.size() > kMaxNameLength) return fmt::format("longer than {} characters", kMaxNameLength);
  if (!std::isalnum(static_cast<unsigned char>(name[0]))) return "does not start with a letter or digit";
  for (char c : name) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    if (!ok) {
      if (c == ' ') return "has a space";
      if (std::isprint(static_cast<unsigned char>(c))) return fmt::format("has '{}'", c);
      return fmt::format("has the byte 0x{:02x}", static_cast<unsigned char>(c));
    }
  }
  return "";
}

std::vector<Student> find_students(const fs::path& roster, const std::vector<std::string>& exercise_dirs) {
  if (!is_dir(roster)) throw GradingError("the roster " + roster.string() + " is not a directory");
  std::vector<Student> students;
  std::error_code error;
  for (auto it = fs::directory_iterator(roster, error); !error && it != fs::directory_iterator(); it.increment(error)) {
    std::string name = it->path().filename().string();
    // Hidden directories (.git of a roster kept in git) are not students;
    // files beside the students (a class list) are not either.
    if (name.starts_with(".") || !is_dir(it->path())) continue;
    Student s{name, it->path(), {}, ""};
    s.submission = locate_submission(s.dir, exercise_dirs, s.problem);
    students.push_back(std::move(s));
  }
  if (error) throw GradingError("cannot list the roster " + roster.string() + ": " + error.message());
  std::sort(students.begin(), students.end(), [](const Student& a, const Student& b) { return a.name < b.name; });
  refuse_bad_names(students, roster);
  return students;
}

Shard parse_shard(const std::string& text) {
  auto slash = text.find('/');
  auto digits = [](const std::string& s) {
    return !s.empty() && s.size() <= 6 && s.find_first_not_of("0123456789") == std::string::npos;
  };
  if (slash != std::string::npos && digits(text.substr(0, slash)) && digits(text.substr(slash + 1))) {
    Shard shard{static_cast<unsigned>(std::stoul(text.substr(0, slash))),
                static_cast<unsigned>(std::stoul(text.substr(slash + 1)))};
    if (shard.count >= 1 && shard.index < shard.count) return shard;
  }
  throw GradingError("--shard \"" + text +
                     "\" is not I/N with 0 <= I < N: say 0/3, 1/3 and 2/3 to split a class "
                     "over three machines or runs");
}

unsigned shard_of(std::size_t position, unsigned count) { return static_cast<unsigned>(position % count); }

std::vector<Student> students_of(const std::vector<Student>& students, Shard shard) {
  std::vector<Student> mine;
  for (std::size_t k = 0; k < students.size(); ++k)
    if (shard_of(k, shard.count) == shard.index) mine.push_back(students[k]);
  return mine;
}

}  // namespace grader
