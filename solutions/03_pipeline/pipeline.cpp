// EXERCISE 03, part 2 of 2: run_pipeline.
//
// Write course::run_pipeline as exercises/03_pipeline/README.md describes,
// to the contract in exercises/03_pipeline/include/course/pipeline.h:
//   - start limits.fetchers fetcher threads and limits.workers worker
//     threads, joined by a Channel of limits.buffer items;
//   - put each result in its input's slot, so the order is kept;
//   - close the channel when the fetchers are done, and on the first error;
//   - join every thread, then rethrow the first error if there was one;
//   - replace the `throw course::NotImplemented(...)` with real code.
// Then grade it with `make check EXERCISE=03`, and measure your pipeline with
// `make demo EXERCISE=03`.
#include "course/pipeline.h"

#include "course/not_implemented.h"

namespace course {

std::vector<std::string> run_pipeline(const std::vector<std::string>& /*inputs*/, const FetchFn& /*fetch*/,
                                      const ComputeFn& /*compute*/, StageLimits /*limits*/) {
  throw NotImplemented("run_pipeline");
}

}  // namespace course
