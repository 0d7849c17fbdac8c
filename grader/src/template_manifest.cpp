#include "template_manifest.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

bool is_under(const fs::path& path, const fs::path& dir) {
  auto p = path.begin();
  for (auto d = dir.begin(); d != dir.end(); ++d, ++p)
    if (p == path.end() || *p != *d) return false;
  return true;
}

}  // namespace

const std::vector<std::string>& template_copied_paths() {
  static const std::vector<std::string> paths = {
      "exercises", "solutions", "grader",         ".github/classroom", ".github/workflows/classroom.yml",
      ".ci/deps",  "Makefile",  "CMakeLists.txt", "CMakePresets.json", ".gitignore"};
  return paths;
}

bool left_out_of_copied_tree(const fs::path& relative) {
  std::vector<fs::path> parts(relative.begin(), relative.end());
  if (parts.size() >= 2 && parts[0] == "grader" && parts[1] == "tests") return true;
  return parts.size() >= 3 && parts[0] == "exercises" && (parts[2] == "hidden" || parts[2] == "reference_objects");
}

bool left_out_of_template(const fs::path& relative_path) {
  const fs::path path = relative_path.lexically_normal();
  for (const auto& copied : template_copied_paths())
    if (is_under(path, copied)) return left_out_of_copied_tree(path);
  return true;
}

bool added_by_template(const fs::path& relative_path) {
  std::vector<fs::path> parts;
  for (const auto& part : relative_path.lexically_normal()) parts.push_back(part);
  return parts.size() == 4 && parts[0] == "exercises" && parts[2] == "reference_objects";
}

}  // namespace grader
