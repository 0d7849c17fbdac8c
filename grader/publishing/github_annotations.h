// The report as GitHub Actions workflow commands: one `::error` annotation
// per check that found something wrong (a race, a hang, a build that failed,
// a failed test), at the file and line the check names, so that a student
// sees it in the diff of their push; a `::notice` for a check that earned
// only part of its points (nothing was found wrong: it scaled with
// correctness); a `::warning` when the submission ran without the sandbox.
// Used by .github/workflows/classroom.yml (grader grade --github-annotations).
//
// Every line is one command: the message and the properties are escaped as
// GitHub's runner reads them (data: % CR LF as %25 %0D %0A; a property value
// also : and , as %3A %2C), so no byte a submission printed can end a
// command or start another. Messages are bounded (kMaxAnnotationBytes) and
// valid UTF-8 without terminal controls. GitHub shows at most 10 of each kind
// per step; the step summary has the whole report.
//
// Pure functions, thread-safe; nothing here throws but std::bad_alloc.
#pragma once

#include <string>
#include <string_view>

#include "report.h"

namespace grader {

inline constexpr std::size_t kMaxAnnotationBytes = 4 << 10;

std::string to_github_annotations(const Report& report);

// GitHub's escaping of a command's message, and of a property's value.
std::string escape_annotation_data(std::string_view text);
std::string escape_annotation_property(std::string_view text);

}  // namespace grader
