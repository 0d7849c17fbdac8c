#include "export_template.h"

#include <cstdio>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "grading_error.h"
#include "rubric.h"
#include "subprocess.h"
#include "template_manifest.h"
#include "text_files.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

bool inside(const fs::path& path, const fs::path& dir) {
  fs::path relative = path.lexically_relative(dir);
  return !relative.empty() && *relative.begin() != "..";
}

void check_destination(const fs::path& out, const fs::path& course_root) {
  if (inside(out, course_root) && !inside(out, course_root / "build"))
    throw GradingError(
        fmt::format("{} is inside the course tree {}: the template would mix with the course's own files. Export it "
                    "elsewhere, e.g. --out {}",
                    out.string(), course_root.string(), (course_root.parent_path() / "course-template").string()));
  std::error_code error;
  if (fs::exists(out, error) && !(fs::is_directory(out, error) && fs::is_empty(out, error)))
    throw GradingError(out.string() + " is not an empty directory: give a new or empty one (the export never "
                                      "overwrites or merges).");
}

std::size_t copy_entry(const fs::path& root, const fs::path& entry, const fs::path& out) {
  const fs::path from = root / entry;
  std::error_code error;
  if (!fs::exists(fs::symlink_status(from, error))) return 0;  // .gitignore, say, is optional
  if (!fs::is_directory(fs::symlink_status(from))) {
    fs::create_directories((out / entry).parent_path());
    fs::copy(from, out / entry, fs::copy_options::copy_symlinks);
    return 1;
  }
  std::size_t files = 0;
  fs::create_directories(out / entry);
  for (auto it = fs::recursive_directory_iterator(from); it != fs::recursive_directory_iterator(); ++it) {
    const fs::path relative = it->path().lexically_relative(root);
    if (left_out_of_copied_tree(relative)) {
      if (it->is_directory(error)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_directory(error) && !it->is_symlink(error)) {
      fs::create_directories(out / relative);
    } else {
      fs::copy(it->path(), out / relative, fs::copy_options::copy_symlinks);
      ++files;
    }
  }
  return files;
}

// Debug information names the instructor's paths and every local variable;
// the link needs none of it.
void strip_debug_information(const fs::path& from, const fs::path& to) {
  ProcessSpec spec;
  spec.argv = {"objcopy", "--strip-debug", from.string(), to.string()};
  fs::path log = to;
  log += ".log";
  spec.stdout_file = log;
  spec.timeout = std::chrono::seconds(60);
  ToolRun run = run_tool(
      spec,
      {.max_log_bytes = 4096, .hint = ". Install binutils (Debian: apt-get install binutils).", .remove_log = true});
  if (!run.process.started) throw GradingError(run.missing);
  if (run.process.exit_code != 0) throw GradingError("objcopy could not copy " + from.string() + ": " + run.log);
}

// "worker_pool.cpp.o" (CMake's name) ships as "worker_pool.o".
std::string object_name(const fs::path& object) {
  std::string name = object.filename().string();
  if (name.ends_with(".cpp.o")) name.replace(name.size() - 6, 6, ".o");
  return name;
}

std::size_t write_reference_objects(const Toolchain& toolchain, const fs::path& out) {
  std::size_t files = 0;
  for (const auto& [id, exercise] : toolchain.exercises) {
    if (exercise.reference_objects.empty()) continue;
    const fs::path dir = out / "exercises" / exercise.dir / "reference_objects";
    fs::create_directories(dir);
    for (const auto& object : exercise.reference_objects) {
      if (!fs::exists(object))
        throw GradingError("the reference's object " + object.string() +
                           " is not built: run `make grader` first (it builds it), then export again.");
      strip_debug_information(object, dir / object_name(object));
      ++files;
    }
  }
  return files;
}

// grader/template/README.md with the course's exercises listed where it says <!-- exercises -->.
std::string student_readme(const Toolchain& toolchain) {
  const fs::path source = toolchain.course_root / "grader" / "template" / "README.md";
  std::string text = read_file(source);
  if (text.empty()) throw GradingError("the students' README " + source.string() + " is missing");
  std::string table = "| # | exercise |\n|---|---|\n";
  for (const auto& [id, exercise] : toolchain.exercises) {
    Rubric rubric = load_rubric(toolchain.course_root / "exercises" / exercise.dir / "rubric.json");
    table += fmt::format("| {} | [{}](exercises/{}/README.md) |\n", id, rubric.title, exercise.dir);
  }
  const std::string marker = "<!-- exercises -->\n";
  if (std::size_t at = text.find(marker); at != std::string::npos) text.replace(at, marker.size(), table);
  return text;
}

// read_file() with its default limit reserves 16 MB per call: too much
// for every file of a template.
std::string whole_file(const fs::path& path) { return read_file(path, fs::file_size(path)); }

std::string collapse_whitespace(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// A reference source from its first line of code on (its heading comment and
// #includes may well equal the stub's), whitespace collapsed.
std::string code_of(const std::string& source) {
  std::size_t at = 0;
  while (at < source.size()) {
    std::size_t end = source.find('\n', at);
    if (end == std::string::npos) end = source.size();
    std::string line = collapse_whitespace(source.substr(at, end - at));
    if (!line.empty() && !line.starts_with("//") && !line.starts_with("#")) break;
    at = end + 1;
  }
  return at < source.size() ? collapse_whitespace(source.substr(at)) : "";
}

// The safety net under the list of what is copied: an instructor who put a
// reference source anywhere else (a demo, a benchmark) learns it here.
void check_no_reference_source(const fs::path& course_root, const fs::path& out) {
  std::vector<std::pair<fs::path, std::string>> references;
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(course_root / "reference", error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error))
    if (it->is_regular_file() && it->path().extension() == ".cpp")
      if (std::string code = code_of(whole_file(it->path())); !code.empty()) references.emplace_back(it->path(), code);
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    if (!entry.is_regular_file() || entry.is_symlink()) continue;
    std::string text = collapse_whitespace(whole_file(entry.path()));
    for (const auto& [reference, code] : references)
      if (text.find(code) != std::string::npos)
        throw GradingError(fmt::format("{} contains the reference source {}: students must not get it. Remove it "
                                       "from the course's {}, then export again.",
                                       entry.path().lexically_relative(out).string(), reference.string(),
                                       entry.path().lexically_relative(out).string()));
  }
}

// Empties `out` unless dismissed: a failed export leaves no half template.
class EmptyOnFailure {
 public:
  explicit EmptyOnFailure(fs::path out) : out_(std::move(out)) {}
  ~EmptyOnFailure() {
    if (out_.empty()) return;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(out_, error)) fs::remove_all(entry.path(), error);
  }
  EmptyOnFailure(const EmptyOnFailure&) = delete;
  EmptyOnFailure& operator=(const EmptyOnFailure&) = delete;
  void dismiss() { out_.clear(); }

 private:
  fs::path out_;
};

}  // namespace

std::size_t export_template(const Toolchain& toolchain, const fs::path& out_dir) {
  const fs::path course_root = fs::canonical(toolchain.course_root);
  const fs::path out = fs::weakly_canonical(fs::absolute(out_dir));
  check_destination(out, course_root);
  fs::create_directories(out);
  EmptyOnFailure cleanup(out);
  std::size_t files = 0;
  for (const auto& entry : template_copied_paths()) files += copy_entry(course_root, entry, out);
  files += write_reference_objects(toolchain, out);
  write_atomically(out / "README.md", student_readme(toolchain));
  check_no_reference_source(course_root, out);
  cleanup.dismiss();
  return files + 1;
}

int run_export_template(const ExportTemplateCommand& command) {
  Toolchain toolchain = load_toolchain(command.toolchain);
  std::size_t files = export_template(toolchain, command.out);
  std::printf("Exported the student template to %s (%zu files): no reference source, no hidden test; the reference "
              "ships as objects for the speed measurement.\n"
              "Next: push it to a repository of its own, mark it a template, and make it the starter code of a "
              "Classroom 50 assignment (`grader classroom50` builds its autograder; GitHub Classroom ended on "
              "2026-08-28), or build a Gradescope autograder with `grader gradescope`.\n",
              fs::absolute(command.out).lexically_normal().c_str(), files);
  return 0;
}

}  // namespace grader
