// A two-stage pipeline, each stage with its own concurrency limit.
//
// Every input goes through two steps: fetch (mostly waiting, like a network
// request: concurrency helps however few cores there are) and compute
// (pure CPU work: only parallelism helps, and only up to the cores the
// process may use). Each stage gets its own threads and its own limit, and a
// bounded Channel between them keeps a fast stage from running away from a
// slow one.
//
// The types are plain on purpose, so that the code you write is about the
// threads and not about templates: inputs, fetched values and results are
// std::strings (a URL, a page, a summary of the page). The grader compiles
// only .cpp files, so run_pipeline cannot be a template (see channel.h).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "course/channel.h"

namespace course {

// Called by up to `fetchers` threads at once, so it must be thread-safe.
using FetchFn = std::function<std::string(const std::string& input)>;
// Called by up to `workers` threads at once, so it must be thread-safe. It
// takes the fetched value by value: the compute stage owns it and may move
// from it.
using ComputeFn = std::function<std::string(std::string fetched)>;

struct StageLimits {
  std::size_t fetchers = 1;  // fetch calls running at once, at most
  std::size_t workers = 1;   // compute calls running at once, at most
  std::size_t buffer = 1;    // fetched values waiting between the stages, at most
};

// Returns {compute(fetch(inputs[0])), compute(fetch(inputs[1])), ...}: one
// result per input, in input order, whatever order they finish in.
//
// Concurrency: at most limits.fetchers fetch calls and limits.workers
// compute calls run at the same time, on threads this call starts and
// joins before it returns (limits.fetchers + limits.workers of them).
//
// Memory: at most fetchers + buffer + workers fetched values are alive at
// once, however many inputs there are: one held by each fetcher (being
// fetched, or fetched and waiting for room in the channel), `buffer` in the
// channel, and one held by each worker (being computed). A fetcher that
// finds the channel full waits; it never fetches ahead. No reorder window
// is needed: each result goes straight into its slot of the returned
// vector, and that vector is the answer itself.
//
// Errors: the first exception that fetch or compute throws stops the
// pipeline. Threads start no new fetch or compute once they can see the
// failure (a call already under way finishes), a fetcher blocked on a full
// channel and a worker blocked on an empty one are woken, every thread is
// joined, and then this call rethrows that first exception.
//
// Throws std::invalid_argument, before starting anything, when any limit
// is 0.
//
// Lifetimes: `inputs`, `fetch` and `compute` are borrowed, and every thread
// that uses them is joined before the call returns. Thread-safety: calls
// from several threads at once share nothing.
std::vector<std::string> run_pipeline(const std::vector<std::string>& inputs, const FetchFn& fetch,
                                      const ComputeFn& compute, StageLimits limits);

}  // namespace course
