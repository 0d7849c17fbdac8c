// Where the compiler sees a submission's sources: when builds run in the
// sandbox, every submission's directory is shown to the compiler at one
// fixed path, /submission, whoever submitted it and wherever it lies.
//
// Why: the compile cache (submission_build.cpp) keys an object on what it
// was compiled from, paths included. At one path, the same file compiles
// to the same object for everyone: the corpus (each case is the reference
// with one file changed), a class's batch (the files students left as
// given) and a regrade share what they have in common.
//
// What it costs: the objects' debug information, __FILE__, and the
// compiler's and linker's messages name /submission/x.cpp. Everything the
// grader reads from them (races, stacks, crashes, build and link errors)
// passes through student_paths() before it is believed or shown, so a
// report names the student's own file, as before.
//
// Without the sandbox there is no such path (nothing could bind it), and
// both functions leave paths as they are.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace grader {

inline constexpr std::string_view kCompiledSourcesDir = "/submission";

// The directory the build names for `sources_dir`: kCompiledSourcesDir when
// builds run in the sandbox, `sources_dir` itself otherwise.
std::filesystem::path compiled_sources_dir(const std::filesystem::path& sources_dir);

// `text` (a log, a message, a path) with every path under
// compiled_sources_dir() made the same path under `sources_dir`.
std::string student_paths(std::string_view text, const std::filesystem::path& sources_dir);

// The pure part: `text` with `from` replaced by `to` wherever it begins a
// path (at the start, or after a character no path holds: a space, quote,
// bracket...) and is followed by '/'. "/x/submission/a.cpp" is not under
// "/submission".
std::string replace_path_prefix(std::string_view text, std::string_view from, std::string_view to);

}  // namespace grader
