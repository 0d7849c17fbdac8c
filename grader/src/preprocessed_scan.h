// Constructs a submission may not use at all, found in the preprocessor's
// output of each of its files, so that no macro, token pasting or _Pragma
// can hide them (a scan of the source text can be fooled by
// `#define OFF no_sanit##ize_thread`; the preprocessed text cannot).
//
// What is refused, and why:
//   - inline assembly (asm, __asm__): raw system calls, `.incbin` of files,
//     memory accesses ThreadSanitizer cannot see;
//   - attributes that switch ThreadSanitizer off for a function
//     (no_sanitize, no_sanitize_thread, disable_sanitizer_instrumentation):
//     a race inside such a function would go unreported;
//   - attributes that place code or data where the grader does not look, or
//     run it before the course's own start-up (section, ifunc, alias,
//     weakref, naked, symver).
// Only tokens on lines that come from the student's own files count: the
// same words inside the system's headers are theirs.
#pragma once

#include <string>
#include <vector>

#include "banned_constructs.h"

namespace grader {

// Scans `preprocessed` (the output of `g++ -E` or `-save-temps`, with its
// line markers) for the constructs above on lines that come from a file
// whose path starts with `student_dir`. Each use names that file and line.
// Bounded work: linear in the size of the text, whatever it holds.
std::vector<BannedUse> scan_preprocessed(const std::string& preprocessed, const std::string& student_dir);

}  // namespace grader
