#include "text_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "grading_error.h"

namespace grader {
namespace {

// Closes a descriptor when it goes out of scope.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

Refusal refusal_for(mode_t mode) {
  if (S_ISREG(mode)) return Refusal::kNone;
  if (S_ISLNK(mode)) return Refusal::kSymlink;
  if (S_ISFIFO(mode)) return Refusal::kFifo;
  if (S_ISCHR(mode) || S_ISBLK(mode)) return Refusal::kDevice;
  if (S_ISSOCK(mode)) return Refusal::kSocket;
  if (S_ISDIR(mode)) return Refusal::kDirectory;
  return Refusal::kUnreadable;
}

std::string reason_for(Refusal refusal, const std::string& detail) {
  switch (refusal) {
    case Refusal::kNone:
      return "";
    case Refusal::kMissing:
      return "does not exist";
    case Refusal::kSymlink:
      return "was replaced by a symbolic link, which the grader does not follow";
    case Refusal::kFifo:
      return "was replaced by a FIFO (a named pipe), which the grader does not read";
    case Refusal::kDevice:
      return "was replaced by a device file, which the grader does not read";
    case Refusal::kSocket:
      return "was replaced by a socket, which the grader does not read";
    case Refusal::kDirectory:
      return "was replaced by a directory";
    case Refusal::kUnreadable:
      return "cannot be read (" + detail + ")";
  }
  return "cannot be read";
}

FileRead refused(Refusal refusal, const std::string& detail = "") {
  FileRead read;
  read.refusal = refusal;
  read.reason = reason_for(refusal, detail);
  return read;
}

// Reads at most max_bytes from `fd`, then one byte more to tell whether
// there was more. A read that fails midway keeps what came before.
void read_bounded(int fd, std::size_t max_bytes, FileRead& read) {
  constexpr std::size_t kChunk = 1 << 16;
  std::vector<char> buffer(kChunk);
  while (read.content.size() < max_bytes) {
    std::size_t want = std::min(kChunk, max_bytes - read.content.size());
    ssize_t n = ::read(fd, buffer.data(), want);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    read.content.append(buffer.data(), static_cast<std::size_t>(n));
  }
  char extra;
  ssize_t n;
  do n = ::read(fd, &extra, 1);
  while (n < 0 && errno == EINTR);
  read.truncated = n > 0;
}

FileRead open_and_read(const std::filesystem::path& path, std::size_t max_bytes, bool follow_links) {
  int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (follow_links ? 0 : O_NOFOLLOW);
  Fd file{open(path.c_str(), flags)};
  if (file.fd < 0) {
    int error = errno;
    if (error == ENOENT || error == ENOTDIR) return refused(Refusal::kMissing);
    // O_NOFOLLOW on a link fails with ELOOP; lstat tells what else it is
    // (a socket cannot be opened: ENXIO).
    if (error == ELOOP) return refused(Refusal::kSymlink);
    struct stat st {};
    if (lstat(path.c_str(), &st) == 0 && refusal_for(st.st_mode) != Refusal::kNone)
      return refused(refusal_for(st.st_mode));
    return refused(Refusal::kUnreadable, std::strerror(error));
  }
  struct stat st {};
  if (fstat(file.fd, &st) != 0) return refused(Refusal::kUnreadable, std::strerror(errno));
  if (Refusal r = refusal_for(st.st_mode); r != Refusal::kNone) return refused(r);
  FileRead read;
  read_bounded(file.fd, max_bytes, read);
  return read;
}

}  // namespace

FileRead read_untrusted(const std::filesystem::path& path, std::size_t max_bytes) {
  return open_and_read(path, max_bytes, /*follow_links=*/false);
}

std::string refusal_message(const std::string& what, const FileRead& read) {
  return what + " " + (read.ok() ? std::string("was read") : read.reason);
}

std::string read_file(const std::filesystem::path& path, std::size_t max_bytes) {
  return open_and_read(path, max_bytes, /*follow_links=*/true).content;
}

void write_if_changed(const std::filesystem::path& path, const std::string& content) {
  FileRead current = read_untrusted(path, content.size());
  if (current.ok() && !current.truncated && current.content == content) return;
  write_atomically(path, content);
}

void write_atomically(const std::filesystem::path& path, const std::string& content) {
  std::string temp = path.string() + ".XXXXXX.tmp";
  // mkostemps creates the file with O_CREAT|O_EXCL: it never opens what is
  // already there, a planted link included.
  Fd out{mkostemps(temp.data(), 4, O_CLOEXEC)};
  if (out.fd < 0) throw GradingError("cannot create " + temp + ": " + std::strerror(errno));
  auto fail = [&](const std::string& what) {
    int error = errno;
    unlink(temp.c_str());
    throw GradingError("cannot " + what + " " + path.string() + ": " + std::strerror(error));
  };
  if (fchmod(out.fd, 0644) != 0) fail("set the mode of");
  for (std::size_t done = 0; done < content.size();) {
    ssize_t n = ::write(out.fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("write");
    done += static_cast<std::size_t>(n);
  }
  if (close(out.fd) != 0) {
    out.fd = -1;
    fail("write");
  }
  out.fd = -1;
  // rename() replaces the directory entry: a link at `path` is replaced, not followed.
  if (std::rename(temp.c_str(), path.c_str()) != 0) fail("rename a new file over");
}

PrivateDir::PrivateDir(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (mkdtemp(pattern.data()) != nullptr) path = pattern;
}

PrivateDir::~PrivateDir() {
  std::error_code ignored;
  if (!path.empty()) std::filesystem::remove_all(path, ignored);
}

}  // namespace grader
