// Files a student must not change: the tests, rubrics, headers, build files
// and the grader itself. Grading always uses the course's own copies, so a
// change cannot help; the report names what was changed all the same, so
// that neither the student nor the instructor is left wondering.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace grader {

// What lies outside solutions/ and is the course's: directories and files
// relative to the repository's root.
const std::vector<std::string>& protected_paths();

// The protected files that differ between a student's repository and the
// course's tree: changed, added or removed, each as "exercises/01_.../x.cpp
// (changed)". When the repository is the course's tree itself (a student's
// clone of the template), what differs from the template's first commit
// (template_origin.h); nothing for the course's own tree.
std::vector<std::string> changed_protected_files(const std::filesystem::path& student_repo,
                                                 const std::filesystem::path& course_root);

// The repository a submission directory belongs to: its parent when that
// is laid out like the course (it has exercises/); empty otherwise.
std::filesystem::path repository_of(const std::filesystem::path& submission);

}  // namespace grader
