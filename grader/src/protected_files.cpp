#include "protected_files.h"

#include <set>

#include "template_manifest.h"
#include "template_origin.h"
#include "text_files.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

// Protected files under `root`, relative to it. Symbolic links are listed
// as files, not followed.
std::set<std::string> protected_files_under(const fs::path& root) {
  std::set<std::string> files;
  for (const auto& path : protected_paths()) {
    fs::path p = root / path;
    std::error_code error;
    if (fs::is_regular_file(fs::symlink_status(p, error)) || fs::is_symlink(fs::symlink_status(p, error))) {
      files.insert(path);
      continue;
    }
    if (!fs::is_directory(p, error)) continue;
    for (auto it = fs::recursive_directory_iterator(p, error); !error && it != fs::recursive_directory_iterator();
         it.increment(error))
      if (!it->is_directory()) files.insert(fs::relative(it->path(), root).string());
  }
  return files;
}

bool same_contents(const fs::path& a, const fs::path& b) {
  std::error_code error;
  if (fs::is_symlink(a, error) || fs::is_symlink(b, error))
    return fs::is_symlink(a, error) && fs::is_symlink(b, error) && fs::read_symlink(a) == fs::read_symlink(b);
  const auto size = fs::file_size(a, error);
  if (error || size != fs::file_size(b, error)) return false;
  // Read exactly the size: read_file's default reserves 16 MB per call.
  return read_file(a, size) == read_file(b, size);
}

}  // namespace

const std::vector<std::string>& protected_paths() {
  static const std::vector<std::string> paths = {"exercises",         "grader",  ".github", ".ci", "CMakeLists.txt",
                                                 "CMakePresets.json", "Makefile"};
  return paths;
}

std::vector<std::string> changed_protected_files(const fs::path& student_repo, const fs::path& course_root) {
  std::error_code error;
  if (fs::equivalent(student_repo, course_root, error)) {
    // One tree: a student's own clone of the template, compared with the
    // template as it was given (template_origin.h).
    std::optional<TemplateOrigin> origin = template_origin(student_repo);
    if (!origin) return {};
    std::set<std::string> files = protected_files_under(student_repo);
    return changed_since_origin(*origin, protected_paths(), {files.begin(), files.end()});
  }
  std::set<std::string> theirs = protected_files_under(student_repo);
  std::set<std::string> ours = protected_files_under(course_root);
  std::vector<std::string> changes;
  // A repository made from the student template lacks what the template
  // leaves out (hidden tests, grader/tests, ...) and has the reference's
  // objects: neither is the student's change.
  for (const auto& file : theirs) {
    if (!ours.contains(file)) {
      if (!added_by_template(file)) changes.push_back(file + " (added)");
      continue;
    }
    if (!same_contents(student_repo / file, course_root / file)) changes.push_back(file + " (changed)");
  }
  for (const auto& file : ours)
    if (!theirs.contains(file) && !left_out_of_template(file)) changes.push_back(file + " (removed)");
  return changes;
}

fs::path repository_of(const fs::path& submission) {
  fs::path parent = fs::absolute(submission).lexically_normal();
  if (!parent.has_filename()) parent = parent.parent_path();
  parent = parent.parent_path();
  std::error_code error;
  return fs::is_directory(parent / "exercises", error) ? parent : fs::path();
}

}  // namespace grader
