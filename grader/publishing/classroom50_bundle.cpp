#include "classroom50_bundle.h"

#include <unistd.h>

#include <cstdio>
#include <regex>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "classroom50_result.h"
#include "export_template.h"
#include "grading_error.h"
#include "json_text.h"
#include "subprocess.h"
#include "text_files.h"
#include "toolchain.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

// Hosted, with the CMake (3.28) the course needs; autograder.py turns off
// what its AppArmor does to the sandbox (actions/runner-images#10443).
constexpr const char* kRunsOn = "ubuntu-24.04";
constexpr const char* kMarker = "classroom50.json";

// The packages of .ci/deps, the one list (`.ci/deps --list`), each checked
// as autograde-runner.yaml checks a runtime's apt entry.
std::vector<std::string> apt_packages(const fs::path& course_root) {
  const fs::path deps = course_root / ".ci" / "deps";
  const fs::path log = fs::temp_directory_path() / fmt::format("grader-deps-list-{}.log", ::getpid());
  ProcessSpec spec;
  spec.argv = {"bash", deps.string(), "--list"};
  spec.stdout_file = log;
  spec.timeout = std::chrono::seconds(30);
  ToolRun run = run_tool(spec, {.max_log_bytes = 8192, .hint = ". Install bash.", .remove_log = true});
  if (!run.process.started) throw GradingError(run.missing);
  if (run.process.exit_code != 0) throw GradingError(deps.string() + " --list failed: " + run.log);
  static const std::regex kApt("^[a-z0-9][a-z0-9.+-]{0,63}$");
  std::vector<std::string> packages;
  std::istringstream lines(run.log);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    if (!std::regex_match(line, kApt))
      throw GradingError(fmt::format("{} --list printed \"{}\", which Classroom 50 refuses as an apt package name",
                                     deps.string(), line));
    packages.push_back(line);
  }
  if (packages.empty()) throw GradingError(deps.string() + " --list printed no package");
  return packages;
}

// A directory this command wrote before is replaced; anything else is the
// teacher's and stays.
void prepare(const fs::path& dir) {
  std::error_code error;
  if (fs::exists(dir, error) && !fs::is_empty(dir, error)) {
    if (!fs::exists(dir / kMarker))
      throw GradingError(dir.string() + " already holds files `grader classroom50` did not write: move them away or "
                                        "choose another --assignment.");
    fs::remove_all(dir);
  }
  fs::create_directories(dir);
}

}  // namespace

bool is_classroom50_slug(const std::string& name) {
  static const std::regex kSlug("^[a-z0-9][a-z0-9-]{1,38}$");
  return std::regex_match(name, kSlug);
}

int run_classroom50_bundle(const Classroom50Command& command) {
  for (const auto& [what, name] : {std::pair{"--classroom", command.classroom}, {"--assignment", command.assignment}})
    if (!is_classroom50_slug(name))
      throw GradingError(fmt::format("{} \"{}\" is not a name Classroom 50 accepts: 2 to 39 of a-z, 0-9 and -, "
                                     "not starting with -",
                                     what, name));
  Toolchain toolchain = load_toolchain(command.toolchain);
  const fs::path script = toolchain.course_root / "grader" / "template" / "classroom50" / "autograder.py";
  if (!fs::exists(script)) throw GradingError("the autograder's script " + script.string() + " is missing");
  std::vector<std::string> apt = apt_packages(toolchain.course_root);

  const fs::path classroom = fs::absolute(command.out).lexically_normal() / command.classroom;
  const fs::path dir = classroom / "autograders" / command.assignment;
  prepare(dir);
  std::size_t files = export_template(toolchain, dir / "template");
  fs::copy_file(script, dir / "autograder.py");
  nlohmann::json assets = nlohmann::json::array();
  nlohmann::json asset_paths = nlohmann::json::array();
  for (const auto& asset : classroom50_release_assets()) {
    assets.push_back({{"path", asset.path}, {"grader_option", asset.grader_option}});
    asset_paths.push_back(asset.path);
  }
  write_atomically(dir / kMarker,
                   dump_json({{"release_assets", assets}, {"grade_args", nlohmann::json::array()}}, 2) + "\n");
  const fs::path runtime_file = classroom / (command.assignment + "-runtime.json");
  const std::string runtime = dump_json({{"runs-on", kRunsOn}, {"apt", apt}}, 2) + "\n";
  write_atomically(runtime_file, runtime);

  std::printf(
      "Wrote the Classroom 50 autograder of %s/%s to %s: autograder.py, classroom50.json and the student template "
      "(%zu files, no reference source, no hidden test).\n"
      "Its runtime block, in %s:\n%s"
      "Next, in your classroom50 repository:\n"
      "  gh teacher assignment add ORG %s %s --template YOUR_TEMPLATE_REPO --runtime %s\n"
      "  and give the assignment the release files %s (\"release_assets\" in %s/assignments.json, or \"Submission "
      "release files\" in the web form).\n"
      "Each submission is graded as make check grades it; result.json counts tenths of a point (score = points x "
      "%d).\n",
      command.classroom.c_str(), command.assignment.c_str(), dir.c_str(), files, runtime_file.c_str(), runtime.c_str(),
      command.classroom.c_str(), command.assignment.c_str(), runtime_file.c_str(), dump_json(asset_paths).c_str(),
      command.classroom.c_str(), kClassroom50Scale);
  return 0;
}

}  // namespace grader
