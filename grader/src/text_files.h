// The grader's file helpers. Two kinds of file, two ways to read:
//
//   read_untrusted()  every file a submission could have written, replaced
//                     or planted: a test's output, logs, stacks, results, a
//                     student's sources. Never follows a symbolic link,
//                     never blocks (a FIFO, a device), reads only a regular
//                     file and at most max_bytes of it, and says why it
//                     refused, so the caller can fail the test with that
//                     reason instead of trusting or hanging.
//   read_file()       the grader's own files (its build, rubrics, /proc):
//                     follows links, but is as bounded and non-blocking.
//
// Writes never follow a link either: write_atomically creates a fresh file
// (O_CREAT|O_EXCL) beside the target and renames it over, so whatever a
// test planted at the target's name (a link to another file, a FIFO) is
// replaced, never written through or truncated.
//
// All functions are thread-safe (no shared state). Reads never throw;
// writes throw GradingError with the path and the reason.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace grader {

enum class Refusal {
  kNone,     // read
  kMissing,  // there is no such file
  kSymlink,  // a symbolic link (not followed)
  kFifo,     // a named pipe
  kDevice,   // a character or block device
  kSocket,
  kDirectory,
  kUnreadable,  // open or read failed otherwise (permissions, I/O)
};

struct FileRead {
  std::string content;     // at most max_bytes of the file
  bool truncated = false;  // the file held more than max_bytes
  Refusal refusal = Refusal::kNone;
  // Why it was not read, to follow the file's name in a sentence: "was
  // replaced by a symbolic link, which the grader does not follow". ""
  // when it was read.
  std::string reason;
  bool ok() const { return refusal == Refusal::kNone; }
};

// Opens `path` with O_NOFOLLOW|O_NONBLOCK, accepts only a regular file, and
// reads at most max_bytes of it. (A hard link is a regular file: a test can
// make one only to a file on its own writable mount, which it can read
// anyway, so it is read like any other.)
FileRead read_untrusted(const std::filesystem::path& path, std::size_t max_bytes);

// "its output file output.txt was replaced by a FIFO (a named pipe), which
// the grader does not read": `what` and the reason, for a failed test.
std::string refusal_message(const std::string& what, const FileRead& read);

// The content of one of the grader's own files, at most max_bytes of it;
// "" when it does not exist or is no regular file.
std::string read_file(const std::filesystem::path& path, std::size_t max_bytes = 16 << 20);

// Writes content unless the file already holds exactly that, so that
// timestamps (and the builds that watch them) only move on real change.
void write_if_changed(const std::filesystem::path& path, const std::string& content);

// Writes through a fresh temporary file (".<random>.tmp" beside it, created
// with O_EXCL, mode 0644) and a rename: readers never see half a file, and
// nothing planted at `path` is followed or truncated.
void write_atomically(const std::filesystem::path& path, const std::string& content);

// A fresh directory under the temporary directory that only the grader can
// reach (mkdtemp, mode 0700), removed with what it holds at the end of its
// scope: where a tool writes output the grader reads, never where the code
// it looks at (a hung test, a student's repository) could plant a link or
// a FIFO. `path` is empty when it could not be made.
struct PrivateDir {
  std::filesystem::path path;
  explicit PrivateDir(const std::string& prefix);
  ~PrivateDir();
  PrivateDir(const PrivateDir&) = delete;
  PrivateDir& operator=(const PrivateDir&) = delete;
};

}  // namespace grader
