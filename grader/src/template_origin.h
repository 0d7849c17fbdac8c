// A student's repository made from the course's template: its first commit
// is the course's files as the template gave them (GitHub's "Use this
// template" and Classroom 50's starter code make one commit of them), so
// what differs from that commit outside solutions/ is the student's change.
//
// Used where the course's tree and the student's repository are one tree
// (`make check` in the student's own clone, the Actions workflow): there
// is no other copy of the course to compare with, and the grader must
// still name an edited test or rubric and grade with the rubric as given.
// Elsewhere (batch, Gradescope, Classroom 50) the grader has the course's
// own tree and protected_files.h compares with it.
//
// Residue, stated: a student who rewrites their repository's first commit
// defeats this; the instructor's gradings, which use the course's own copy,
// do not depend on it.
//
// Git runs in the sandbox with the repository read-only (a repository's
// own configuration can name programs for git to run), and only plumbing
// that applies no filter: rev-list, ls-tree, hash-object --no-filters,
// cat-file blob.
//
// Thread-safety: any thread; each call starts git processes of its own.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace grader {

struct TemplateOrigin {
  std::filesystem::path repo;
  std::string commit;  // the first commit's hash
};

// The first commit of `repo` when `repo` is a template's tree (it has no
// reference/: the course's own tree has) under git with one first commit;
// nullopt otherwise (no git, no commit, a history with several roots).
std::optional<TemplateOrigin> template_origin(const std::filesystem::path& repo);

// The files that differ between the working tree and the first commit,
// under `paths` (directories and files relative to the repository):
// "x (changed)", "x (added)", "x (removed)", in path order. `on_disk`: the
// working tree's files under `paths`, relative. When git cannot say, one
// entry saying so: a change unaccounted for is never silent.
std::vector<std::string> changed_since_origin(const TemplateOrigin& origin, const std::vector<std::string>& paths,
                                              const std::vector<std::string>& on_disk);

// `relative`'s content in the first commit; nullopt when it has none.
std::optional<std::string> file_at_origin(const TemplateOrigin& origin, const std::string& relative);

// The pure parts of changed_since_origin(): `git ls-tree -r -z`'s entries
// ("mode type hash\tpath"), and the comparison of the committed blobs
// with the working tree's.
struct BlobEntry {
  std::string path;
  std::string hash;
};
std::vector<BlobEntry> parse_ls_tree(const std::string& z_output);
std::vector<std::string> compare_with_origin(const std::vector<BlobEntry>& committed,
                                             const std::vector<BlobEntry>& on_disk);

}  // namespace grader
