#include "diagnosis.h"

#include <fmt/format.h>

namespace grader {
namespace {

double seconds(std::chrono::microseconds t) { return static_cast<double>(t.count()) / 1e6; }

double cpu_seconds(const Usage& u) { return seconds(u.user_cpu) + seconds(u.system_cpu); }

double per(double value, double count) { return count > 0 ? value / count : 0; }

}  // namespace

Evidence gather_evidence(const PerformanceMeasurement& m) {
  const RunCost& s = m.student_cost;
  const RunCost& r = m.reference_cost;
  Evidence e;
  e.cores_busy = per(cpu_seconds(s.usage), s.wall_ns / 1e9);
  e.reference_cores_busy = per(cpu_seconds(r.usage), r.wall_ns / 1e9);
  double student_cpu_per_run = per(cpu_seconds(s.usage), s.iterations);
  double reference_cpu_per_run = per(cpu_seconds(r.usage), r.iterations);
  e.cpu_per_run_vs_reference = per(student_cpu_per_run, reference_cpu_per_run);
  e.system_share = per(seconds(s.usage.system_cpu), cpu_seconds(s.usage));
  e.reference_system_share = per(seconds(r.usage.system_cpu), cpu_seconds(r.usage));
  e.voluntary_per_run = per(static_cast<double>(s.usage.voluntary_switches), s.iterations);
  e.reference_voluntary_per_run = per(static_cast<double>(r.usage.voluntary_switches), r.iterations);
  e.involuntary_per_run = per(static_cast<double>(s.usage.involuntary_switches), s.iterations);
  e.reference_involuntary_per_run = per(static_cast<double>(r.usage.involuntary_switches), r.iterations);
  return e;
}

Bottleneck classify(const Evidence& e, double ratio, double full_at) {
  if (ratio <= full_at) return Bottleneck::kNone;
  // About one core busy where the reference kept more is serial code even
  // when another program's load kept the reference from using every core.
  bool one_core_only = e.cores_busy <= 1.15 && e.reference_cores_busy >= 1.25;
  if (one_core_only || e.cores_busy < 0.6 * e.reference_cores_busy) return Bottleneck::kSerialized;
  if (e.cpu_per_run_vs_reference > 1.5 && e.system_share < 0.3) return Bottleneck::kSpinning;
  bool kernel_heavy = e.system_share > 0.25 && e.system_share > 2 * e.reference_system_share;
  bool blocks_often = e.voluntary_per_run > 5 * std::max(1.0, e.reference_voluntary_per_run);
  if (kernel_heavy || blocks_often) return Bottleneck::kContention;
  if (e.involuntary_per_run > 3 * std::max(1.0, e.reference_involuntary_per_run)) return Bottleneck::kOversubscribed;
  return Bottleneck::kOverhead;
}

std::string describe_evidence(const Evidence& e, unsigned cores) {
  return fmt::format(
      "Evidence (yours / reference): cores busy {:.2f} / {:.2f} of {}; CPU time per run {:.2f}x the reference's; "
      "kernel share {:.0f}% / {:.0f}%; blocking switches per run {:.0f} / {:.0f}; preemptions per run {:.0f} / {:.0f}.",
      e.cores_busy, e.reference_cores_busy, cores, e.cpu_per_run_vs_reference, e.system_share * 100,
      e.reference_system_share * 100, e.voluntary_per_run, e.reference_voluntary_per_run, e.involuntary_per_run,
      e.reference_involuntary_per_run);
}

std::string to_string(Bottleneck bottleneck) {
  switch (bottleneck) {
    case Bottleneck::kNone: return "none";
    case Bottleneck::kSerialized: return "serialized";
    case Bottleneck::kSpinning: return "spinning";
    case Bottleneck::kContention: return "contention";
    case Bottleneck::kOversubscribed: return "oversubscribed";
    case Bottleneck::kOverhead: return "overhead";
  }
  return "?";
}

std::string diagnose(const PerformanceMeasurement& m, double ratio, unsigned cores, double full_at) {
  Evidence e = gather_evidence(m);
  std::string evidence = describe_evidence(e, cores);
  std::string verdict;
  switch (classify(e, ratio, full_at)) {
    case Bottleneck::kNone:
      verdict = "Diagnosis: nothing holds your code back; it keeps pace with the reference.";
      break;
    case Bottleneck::kSerialized:
      verdict = fmt::format(
          "Diagnosis (most likely): jobs run one at a time. Your run kept {:.2f} cores busy where the reference kept "
          "{:.2f}: a lock held while a job runs, or workers waiting on each other, serializes the pool.",
          e.cores_busy, e.reference_cores_busy);
      break;
    case Bottleneck::kSpinning:
      verdict = fmt::format(
          "Diagnosis (most likely): threads burn CPU without doing jobs: {:.1f}x the reference's CPU time for the "
          "same work. Idle workers that busy-wait (spin) instead of sleeping on a condition variable do that.",
          e.cpu_per_run_vs_reference);
      break;
    case Bottleneck::kContention:
      verdict = "Diagnosis (most likely): threads keep blocking on each other: many wake-ups and much time in the "
                "kernel. Contention on the queue's lock or condition variable (one shared lock taken per tiny "
                "step, notify_all where notify_one would do) does that.";
      break;
    case Bottleneck::kOversubscribed:
      verdict = "Diagnosis (most likely): more runnable threads than cores: the scheduler keeps preempting your "
                "threads. A thread per job, or a worker count above available_cores(), does that.";
      break;
    case Bottleneck::kOverhead:
      verdict = "Diagnosis (less sure): no single cause stands out in the counters; the cost is per job "
                "(allocation, copying, extra synchronization per job). Compare your submit/run path with a "
                "profile of the demo.";
      break;
  }
  return verdict + "\n  " + evidence;
}

}  // namespace grader
