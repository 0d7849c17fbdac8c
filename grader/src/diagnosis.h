// Why a submission is slower than the reference, in words, with the
// evidence beside it. There are no hardware counters on the course's
// machines, so the evidence is what the kernel counts for every process:
// CPU time against wall time (how many cores did work), system time
// (time in the kernel: locks and wake-ups that reach it), voluntary context
// switches (a thread blocked) and involuntary ones (the scheduler took a
// core away: more runnable threads than cores), each compared with the
// reference's run of the same job set, and the submission's own speedup
// from one core to all of them.
//
// Each finding answers the question the course ends on: when more threads
// made the program slower, was it scheduling (cores left idle: threads
// waiting on each other, or more threads than cores taking turns),
// synchronization (the threads' coordination itself costs: locks and
// wake-ups that reach the kernel, spinning, cache lines passed between
// cores), or decomposition (the work split badly: too unevenly, or into
// pieces so small that their own cost dominates)?
#pragma once

#include <string>

#include "performance.h"

namespace grader {

struct Evidence {
  double cores_busy = 0;  // CPU time / wall time, over the timed part of a run
  double reference_cores_busy = 0;
  double cpu_per_run_vs_reference = 0;  // CPU time per run of the job set, as a multiple of the reference's
  double system_share = 0;              // system CPU / all CPU
  double reference_system_share = 0;
  double voluntary_per_run = 0;
  double reference_voluntary_per_run = 0;
  double involuntary_per_run = 0;
  double reference_involuntary_per_run = 0;
  double own_speedup = 0;  // the student's time pinned to one core / on all cores; 0: not measured
};

Evidence gather_evidence(const PerformanceMeasurement& m);

enum class Bottleneck { kNone, kSerialized, kSpinning, kContention, kOversubscribed, kUneven, kOverhead };

Bottleneck classify(const Evidence& e, double ratio, double full_at);

// The family a bottleneck belongs to: the answer to the course's question.
enum class Cause { kNone, kScheduling, kSynchronization, kDecomposition };

Cause cause_of(Bottleneck bottleneck);

// Whether the evidence for `bottleneck` stands well clear of the thresholds
// that chose it ("likely"), or only just crosses one ("possible").
bool clear_evidence(const Evidence& e, Bottleneck bottleneck);

// "none", "serialized", ...: the names report.json uses.
std::string to_string(Bottleneck bottleneck);
std::string to_string(Cause cause);

// "Evidence (yours / reference): cores busy ...": the figures alone.
std::string describe_evidence(const Evidence& e, unsigned cores);

// The diagnosis paragraph of the performance check.
// `ratio` is the scored one (see scored_ratio).
std::string diagnose(const PerformanceMeasurement& m, double ratio, unsigned cores, double full_at);

}  // namespace grader
