#include "exercise_ids.h"

#include <algorithm>

#include "grading_error.h"

namespace grader {
namespace {

bool all_digits(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

// "007" as "7": numbers compared as text, so no length overflows.
std::string without_leading_zeros(const std::string& digits) {
  std::size_t first = digits.find_first_not_of('0');
  return first == std::string::npos ? "0" : digits.substr(first);
}

bool names(const std::string& wanted, const std::string& id, const ExerciseToolchain& ex) {
  if (wanted == id || wanted == ex.dir) return true;
  if (ex.dir.size() > id.size() + 1 && ex.dir.compare(0, id.size() + 1, id + "_") == 0 &&
      wanted == ex.dir.substr(id.size() + 1))
    return true;
  return all_digits(wanted) && all_digits(id) && without_leading_zeros(wanted) == without_leading_zeros(id);
}

}  // namespace

std::vector<std::string> resolve_exercises(const Toolchain& toolchain, const std::vector<std::string>& wanted) {
  std::vector<std::string> ids;
  for (const auto& w : wanted) {
    if (w.empty()) continue;
    auto found = std::find_if(toolchain.exercises.begin(), toolchain.exercises.end(),
                              [&](const auto& entry) { return names(w, entry.first, entry.second); });
    if (found == toolchain.exercises.end()) {
      std::string known;
      for (const auto& [id, ex] : toolchain.exercises) known += " " + id + " (" + ex.dir + ")";
      throw GradingError("there is no exercise \"" + w + "\": say --exercise with one of the course's:" + known);
    }
    ids.push_back(found->first);
  }
  if (ids.empty())
    for (const auto& [id, ex] : toolchain.exercises) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace grader
