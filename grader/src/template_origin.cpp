#include "template_origin.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <sstream>

#include "sandbox.h"
#include "subprocess.h"
#include "text_files.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

// What git printed on stdout when it exited 0; nullopt otherwise (no git,
// not a repository, no such object).
std::optional<std::string> git(const fs::path& repo, const std::vector<std::string>& args,
                               std::size_t max_bytes = 1 << 20) {
  PrivateDir dir("grader-git");
  if (dir.path.empty()) return std::nullopt;
  ProcessSpec spec;
  // The repository's configuration may name hooks, an fsmonitor, filters:
  // none of the commands used runs them, and these settings say so twice.
  spec.argv = {"git",        "-c", "safe.directory=*", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null",
               "--no-pager", "-C", repo.string()};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.env = {
      {"GIT_CONFIG_NOSYSTEM", "1"}, {"GIT_CONFIG_GLOBAL", "/dev/null"}, {"GIT_OPTIONAL_LOCKS", "0"}, {"LC_ALL", "C"}};
  spec.stdout_file = dir.path / "out";
  spec.stderr_file = dir.path / "err";
  spec.timeout = std::chrono::seconds(60);
  if (sandbox_support().available) spec.sandbox = SandboxSpec{{repo}, {}};
  ToolRun run = run_tool(spec, {.max_log_bytes = max_bytes});
  if (!run.process.started || run.process.exit_code != 0) return std::nullopt;
  return run.log;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

bool under(const std::string& path, const std::vector<std::string>& paths) {
  for (const auto& p : paths)
    if (path == p || path.starts_with(p + "/")) return true;
  return false;
}

}  // namespace

std::vector<BlobEntry> parse_ls_tree(const std::string& z_output) {
  std::vector<BlobEntry> entries;
  std::size_t at = 0;
  while (at < z_output.size()) {
    std::size_t end = z_output.find('\0', at);
    if (end == std::string::npos) end = z_output.size();
    std::string_view entry(z_output.data() + at, end - at);
    at = end + 1;
    // "100644 blob 3b18e512dba79e4c8300dd08aeb37f8e728b8dad\texercises/x"
    std::size_t tab = entry.find('\t');
    if (tab == std::string_view::npos) continue;
    std::string_view meta = entry.substr(0, tab);
    std::size_t first = meta.find(' '), second = meta.rfind(' ');
    if (first == std::string_view::npos || second == first) continue;
    if (meta.substr(first + 1, second - first - 1) != "blob") continue;  // submodules have none
    entries.push_back({std::string(entry.substr(tab + 1)), std::string(meta.substr(second + 1))});
  }
  return entries;
}

std::vector<std::string> compare_with_origin(const std::vector<BlobEntry>& committed,
                                             const std::vector<BlobEntry>& on_disk) {
  std::map<std::string, std::pair<std::string, std::string>> both;  // path -> {committed, on disk}
  for (const auto& e : committed) both[e.path].first = e.hash;
  for (const auto& e : on_disk) both[e.path].second = e.hash;
  std::vector<std::string> changes;
  for (const auto& [path, hashes] : both) {
    if (hashes.first == hashes.second) continue;
    changes.push_back(path + (hashes.first.empty() ? " (added)" : hashes.second.empty() ? " (removed)" : " (changed)"));
  }
  return changes;
}

std::optional<TemplateOrigin> template_origin(const fs::path& repo) {
  std::error_code error;
  if (fs::is_directory(repo / "reference", error) || !fs::exists(fs::symlink_status(repo / ".git", error)))
    return std::nullopt;
  std::optional<std::string> roots = git(repo, {"rev-list", "--max-parents=0", "HEAD"});
  if (!roots) return std::nullopt;
  std::vector<std::string> commits = lines_of(*roots);
  if (commits.size() != 1) return std::nullopt;
  return TemplateOrigin{repo, commits.front()};
}

std::vector<std::string> changed_since_origin(const TemplateOrigin& origin, const std::vector<std::string>& paths,
                                              const std::vector<std::string>& on_disk) {
  std::vector<std::string> args = {"ls-tree", "-r", "-z", origin.commit, "--"};
  args.insert(args.end(), paths.begin(), paths.end());
  std::optional<std::string> tree = git(origin.repo, args, 16 << 20);
  if (!tree) return {"(the template's first commit " + origin.commit + " could not be read)"};
  std::vector<BlobEntry> committed;
  for (auto& e : parse_ls_tree(*tree))
    if (under(e.path, paths)) committed.push_back(std::move(e));

  // Regular files are hashed as git would store them; anything else (a
  // link, a FIFO) is different from what the template committed.
  std::vector<std::string> files;
  std::vector<BlobEntry> disk;
  std::error_code error;
  for (const auto& file : on_disk) {
    if (fs::is_regular_file(fs::symlink_status(origin.repo / file, error))) files.push_back(file);
    else disk.push_back({file, "not a regular file"});
  }
  if (!files.empty()) {
    std::vector<std::string> hash_args = {"hash-object", "--no-filters", "--"};
    hash_args.insert(hash_args.end(), files.begin(), files.end());
    std::optional<std::string> hashes = git(origin.repo, hash_args, 16 << 20);
    std::vector<std::string> lines = hashes ? lines_of(*hashes) : std::vector<std::string>{};
    if (lines.size() != files.size()) return {"(the repository's files could not be compared with its first commit)"};
    for (std::size_t i = 0; i < files.size(); ++i) disk.push_back({files[i], lines[i]});
  }
  return compare_with_origin(committed, disk);
}

std::optional<std::string> file_at_origin(const TemplateOrigin& origin, const std::string& relative) {
  return git(origin.repo, {"cat-file", "blob", origin.commit + ":" + relative}, 16 << 20);
}

}  // namespace grader
