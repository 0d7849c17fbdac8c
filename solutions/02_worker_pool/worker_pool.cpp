// EXERCISE 02, part 2 of 2: WorkerPool.
//
// Write course::WorkerPool as exercises/02_worker_pool/README.md describes,
// to the contract in exercises/02_worker_pool/include/course/worker_pool.h:
//   - put your members in State: the worker threads, one queue of jobs, the
//     mutex that guards it, and condition variables for "a job is waiting"
//     and "everything has finished";
//   - the constructor starts exactly `workers` threads; idle ones sleep;
//   - no lock is held while a job runs;
//   - replace each `throw course::NotImplemented(...)` with real code.
// Then grade it with `make check EXERCISE=02`, and see what your pool does
// with cores by running `make demo EXERCISE=02`.
#include "course/worker_pool.h"

#include "course/not_implemented.h"

namespace course {

struct WorkerPool::State {
  // Your members go here.
};

WorkerPool::WorkerPool(std::size_t /*workers*/) : state_(std::make_unique<State>()) {
  throw NotImplemented("WorkerPool::WorkerPool");
}

WorkerPool::~WorkerPool() = default;

std::future<void> WorkerPool::submit(std::function<void()> /*job*/) { throw NotImplemented("WorkerPool::submit"); }

void WorkerPool::wait_idle() { throw NotImplemented("WorkerPool::wait_idle"); }

std::size_t WorkerPool::size() const { throw NotImplemented("WorkerPool::size"); }

}  // namespace course
