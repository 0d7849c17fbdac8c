// What the student template (`grader export-template`) holds, as paths
// relative to the course's root. In the core, not beside the export: the
// grading of a student's repository (protected_files.h) must know which
// differences from the course the template itself makes, without the
// publishing wing.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace grader {

// What a template copies from the course: directories whole (less what
// left_out_of_copied_tree() says) and single files.
const std::vector<std::string>& template_copied_paths();

// Inside a copied directory but left out: grader/tests (its corpus is made
// from the reference), each exercise's hidden tests, and reference objects,
// which come from the build, not from the tree.
bool left_out_of_copied_tree(const std::filesystem::path& relative_path);

// Where a repository made from the template differs from the course without
// anyone having changed anything.
// A file of the course the template leaves out (hidden tests, grader/tests,
// the reference, ci.yml, ...):
bool left_out_of_template(const std::filesystem::path& relative_path);
// A file the template adds (exercises/NN_name/reference_objects/*):
bool added_by_template(const std::filesystem::path& relative_path);

}  // namespace grader
