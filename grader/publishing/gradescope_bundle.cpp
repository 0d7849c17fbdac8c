#include "gradescope_bundle.h"

#include <stdlib.h>

#include <cstdio>
#include <string>

#include "export_template.h"
#include "grading_error.h"
#include "subprocess.h"
#include "text_files.h"
#include "toolchain.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

// Zips a directory with Python's zipfile (python3 is one of the course's
// packages), keeping each file's permissions: Gradescope runs the scripts.
constexpr const char* kZipScript = R"(import os, sys, zipfile
source, zip_path = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as z:
    for base, dirs, files in os.walk(source):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(base, name)
            z.write(path, os.path.relpath(path, source))
)";

// A directory of its own under the system's temporary directory, removed
// when done.
class StagingDir {
 public:
  StagingDir() {
    std::string pattern = (fs::temp_directory_path() / "grader-gradescope-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
      throw GradingError("cannot create a temporary directory under " + fs::temp_directory_path().string());
    path_ = pattern;
  }
  ~StagingDir() {
    std::error_code error;
    fs::remove_all(path_, error);
  }
  StagingDir(const StagingDir&) = delete;
  StagingDir& operator=(const StagingDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void zip_directory(const fs::path& source, const fs::path& zip) {
  fs::path temp = zip;
  temp += ".tmp";
  fs::path log = source.parent_path() / (source.filename().string() + "-zip.log");
  ProcessSpec spec;
  spec.argv = {"python3", "-c", kZipScript, source.string(), temp.string()};
  spec.stdout_file = log;
  spec.timeout = std::chrono::seconds(300);
  ToolRun run =
      run_tool(spec, {.max_log_bytes = 8192, .hint = ". Install Python 3 (Debian: apt-get install python3)."});
  if (!run.process.started) throw GradingError(run.missing);
  if (run.process.exit_code != 0) {
    fs::remove(temp);
    throw GradingError("zipping the autograder into " + zip.string() + " failed: " + run.log);
  }
  fs::rename(temp, zip);
}

}  // namespace

int run_gradescope_bundle(const GradescopeCommand& command) {
  Toolchain toolchain = load_toolchain(command.toolchain);
  const fs::path scripts = toolchain.course_root / "grader" / "template" / "gradescope";
  const fs::path zip = fs::absolute(command.out).lexically_normal();
  if (!fs::is_directory(zip.parent_path()))
    throw GradingError("the directory " + zip.parent_path().string() + " for " + zip.filename().string() +
                       " does not exist: create it, or give --out a path in an existing directory.");
  StagingDir staging;
  const fs::path bundle = staging.path() / "autograder";
  std::size_t files = export_template(toolchain, bundle / "template");
  for (const char* script : {"setup.sh", "run_autograder", "results.py"}) {
    if (!fs::exists(scripts / script))
      throw GradingError("the autograder's script " + (scripts / script).string() + " is missing");
    fs::copy_file(scripts / script, bundle / script);
  }
  zip_directory(bundle, zip);
  std::printf(
      "Wrote the Gradescope autograder %s: setup.sh, run_autograder, results.py and the student template "
      "(%zu files, no reference source, no hidden test).\n"
      "Upload it as the assignment's autograder with the Ubuntu 22.04 base image (or newer). Students submit their "
      "repository (or the exercise directories of solutions/); each exercise is graded as make check "
      "grades it.\n",
      zip.c_str(), files);
  return 0;
}

}  // namespace grader
