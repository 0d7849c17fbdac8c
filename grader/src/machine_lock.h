// A readers-writer lock on a file, shared by every grader on one machine:
// building and running tests take it shared (they may run side by side),
// a performance phase takes it exclusive (nothing else may run on the
// cores it measures). Writers are preferred: a writer that waits holds a
// second lock, the turnstile, that readers pass through before they take
// their shared lock, so new readers queue behind it and a performance
// phase is never starved by a stream of builds.
//
// The locks are flock(2) locks, released by the kernel when their holder
// dies, so a killed grader never leaves the machine locked. Its file
// descriptors are close-on-exec: the programs a grader starts hold nothing.
//
// It meets the standard library's SharedMutex requirements, so
// std::shared_lock and std::unique_lock take it. A lock made from an empty
// path locks nothing (a grader run on its own).
#pragma once

#include <filesystem>

namespace grader {

class MachineLock {
 public:
  // Creates the file (and FILE.turnstile) when missing. Throws GradingError
  // when they cannot be opened.
  explicit MachineLock(const std::filesystem::path& file);
  ~MachineLock();
  MachineLock(const MachineLock&) = delete;
  MachineLock& operator=(const MachineLock&) = delete;

  void lock();  // exclusive: waits for every reader to leave, keeps new ones out meanwhile
  void unlock();
  void lock_shared();  // shared: waits behind a waiting or holding writer
  void unlock_shared();
  bool try_lock_shared();  // shared if that is possible at once, without waiting

  // Whether a writer (another MachineLock on the same file) holds or waits
  // for the lock, so that a reader would wait now. Ask it while this one
  // holds nothing.
  bool writer_present() const;

 private:
  int lock_fd_ = -1;       // the lock itself: shared or exclusive
  int turnstile_fd_ = -1;  // held by a writer from the moment it asks until it unlocks
};

// The file every grader on this machine shares unless told otherwise
// (grade and batch): course-grader-machine.lock in the temporary directory.
// One file for all, so that a student's `make check`, a batch, the course's
// own tests and another worktree's never measure beside each other's builds.
std::filesystem::path default_machine_lock_file();

}  // namespace grader
