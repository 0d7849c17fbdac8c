#include "machine_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "grading_error.h"

namespace grader {
namespace {

int open_lock_file(const std::filesystem::path& path) {
  // Read-only is enough for flock, and lets a file another user created be shared.
  int fd = open(path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw GradingError("cannot open the machine lock " + path.string() + ": " + std::strerror(errno) +
                       ". Say another file with --machine-lock, one that every grader on this machine can open.");
  return fd;
}

// flock, resumed after a signal interrupts the wait.
bool take(int fd, int operation) {
  if (fd < 0) return true;
  while (flock(fd, operation) != 0) {
    if (errno == EINTR) continue;
    if (errno == EWOULDBLOCK && (operation & LOCK_NB)) return false;
    throw GradingError(std::string("the machine lock failed: ") + std::strerror(errno));
  }
  return true;
}

}  // namespace

std::filesystem::path default_machine_lock_file() {
  return std::filesystem::temp_directory_path() / "course-grader-machine.lock";
}

MachineLock::MachineLock(const std::filesystem::path& file) {
  if (file.empty()) return;
  std::filesystem::path turnstile = file;
  turnstile += ".turnstile";
  lock_fd_ = open_lock_file(file);
  try {
    turnstile_fd_ = open_lock_file(turnstile);
  } catch (...) {
    close(lock_fd_);
    throw;
  }
}

MachineLock::~MachineLock() {
  if (lock_fd_ >= 0) close(lock_fd_);
  if (turnstile_fd_ >= 0) close(turnstile_fd_);
}

void MachineLock::lock() {
  take(turnstile_fd_, LOCK_EX);
  take(lock_fd_, LOCK_EX);
}

void MachineLock::unlock() {
  take(lock_fd_, LOCK_UN);
  take(turnstile_fd_, LOCK_UN);
}

void MachineLock::lock_shared() {
  // Passing the turnstile (taking it and letting go) waits out any writer
  // that holds it; readers pass it together, shared.
  take(turnstile_fd_, LOCK_SH);
  take(turnstile_fd_, LOCK_UN);
  take(lock_fd_, LOCK_SH);
}

void MachineLock::unlock_shared() { take(lock_fd_, LOCK_UN); }

bool MachineLock::try_lock_shared() {
  if (!take(turnstile_fd_, LOCK_SH | LOCK_NB)) return false;
  take(turnstile_fd_, LOCK_UN);
  return take(lock_fd_, LOCK_SH | LOCK_NB);
}

bool MachineLock::writer_present() const {
  if (turnstile_fd_ < 0) return false;
  // A shared lock on our own descriptor conflicts only with another's exclusive one.
  if (!take(turnstile_fd_, LOCK_SH | LOCK_NB)) return true;
  take(turnstile_fd_, LOCK_UN);
  return false;
}

}  // namespace grader
