#include "diagnosis.h"

#include <fmt/format.h>

#include <algorithm>

namespace grader {
namespace {

double seconds(std::chrono::microseconds t) { return static_cast<double>(t.count()) / 1e6; }

double cpu_seconds(const Usage& u) { return seconds(u.user_cpu) + seconds(u.system_cpu); }

double per(double value, double count) { return count > 0 ? value / count : 0; }

// Cores busy over the part of a run the benchmark timed: its CPU time per
// run over its wall time per run. A whole process's figure would count the
// serial set-up (drawing the inputs, starting threads) and read low beside
// a good speedup. The CPU time is the benchmark's own report, so it is
// bounded by what the kernel counted for the whole process (`cost`): code
// that claims more CPU than it spent is not believed.
double cores_busy_measured(double cpu_ns, double wall_ns, const RunCost& cost) {
  double kernel_cpu_ns = per(cpu_seconds(cost.usage), cost.iterations) * 1e9;
  return per(std::min(cpu_ns, kernel_cpu_ns), wall_ns);
}

}  // namespace

Evidence gather_evidence(const PerformanceMeasurement& m) {
  const RunCost& s = m.student_cost;
  const RunCost& r = m.reference_cost;
  Evidence e;
  e.cores_busy = cores_busy_measured(m.student_cpu_ns, m.student_ns, s);
  e.reference_cores_busy = cores_busy_measured(m.reference_cpu_ns, m.reference_ns, r);
  double student_cpu_per_run = per(cpu_seconds(s.usage), s.iterations);
  double reference_cpu_per_run = per(cpu_seconds(r.usage), r.iterations);
  e.cpu_per_run_vs_reference = per(student_cpu_per_run, reference_cpu_per_run);
  e.system_share = per(seconds(s.usage.system_cpu), cpu_seconds(s.usage));
  e.reference_system_share = per(seconds(r.usage.system_cpu), cpu_seconds(r.usage));
  e.voluntary_per_run = per(static_cast<double>(s.usage.voluntary_switches), s.iterations);
  e.reference_voluntary_per_run = per(static_cast<double>(r.usage.voluntary_switches), r.iterations);
  e.involuntary_per_run = per(static_cast<double>(s.usage.involuntary_switches), s.iterations);
  e.reference_involuntary_per_run = per(static_cast<double>(r.usage.involuntary_switches), r.iterations);
  if (m.student_one_core_ns > 0 && !m.timed_by_grader) e.own_speedup = per(m.student_one_core_ns, m.student_ns);
  return e;
}

Bottleneck classify(const Evidence& e, double ratio, double full_at) {
  if (ratio <= full_at) return Bottleneck::kNone;
  // About one core busy where the reference kept more is serial code even
  // when another program's load kept the reference from using every core;
  // but code that ran clearly faster on all cores than pinned to one did
  // use them, part of the time: that is a split, not a queue.
  bool gains_from_cores = e.own_speedup >= 1.15;
  bool one_core_only = e.cores_busy <= 1.15 && e.reference_cores_busy >= 1.25;
  if (!gains_from_cores && (one_core_only || e.cores_busy < 0.6 * e.reference_cores_busy))
    return Bottleneck::kSerialized;
  // Blocking and kernel time come first: a contended lock also burns CPU
  // (its cache line moves between cores, its futex calls cost), but what
  // sets it apart from a spin is that threads go to sleep on it.
  bool kernel_heavy = e.system_share > 0.25 && e.system_share > 2 * e.reference_system_share;
  bool blocks_often = e.voluntary_per_run > 5 * std::max(1.0, e.reference_voluntary_per_run);
  if (kernel_heavy || blocks_often) return Bottleneck::kContention;
  bool busy_as_reference = e.cores_busy >= 0.9 * e.reference_cores_busy;
  bool more_cpu = e.cpu_per_run_vs_reference > 1.5 || (e.cpu_per_run_vs_reference > 1.25 && busy_as_reference);
  if (more_cpu) return Bottleneck::kSpinning;
  if (e.involuntary_per_run > 3 * std::max(1.0, e.reference_involuntary_per_run)) return Bottleneck::kOversubscribed;
  // Cores idle part of the time with no extra work, no blocking and no
  // preemption to show for it: some threads had less to do than others.
  if (e.cores_busy < 0.9 * e.reference_cores_busy && e.cpu_per_run_vs_reference <= 1.25) return Bottleneck::kUneven;
  return Bottleneck::kOverhead;
}

Cause cause_of(Bottleneck bottleneck) {
  switch (bottleneck) {
    case Bottleneck::kNone:
      return Cause::kNone;
    case Bottleneck::kSerialized:
    case Bottleneck::kOversubscribed:
      return Cause::kScheduling;
    case Bottleneck::kSpinning:
    case Bottleneck::kContention:
      return Cause::kSynchronization;
    case Bottleneck::kUneven:
    case Bottleneck::kOverhead:
      return Cause::kDecomposition;
  }
  return Cause::kNone;
}

bool clear_evidence(const Evidence& e, Bottleneck bottleneck) {
  switch (bottleneck) {
    case Bottleneck::kNone:
      return true;
    case Bottleneck::kSerialized:
      return e.cores_busy <= 1.1 || e.cores_busy < 0.5 * e.reference_cores_busy;
    case Bottleneck::kSpinning:
      return e.cpu_per_run_vs_reference > 2;
    case Bottleneck::kContention:
      return e.system_share > 0.35 || e.voluntary_per_run > 20 * std::max(1.0, e.reference_voluntary_per_run);
    case Bottleneck::kOversubscribed:
      return e.involuntary_per_run > 10 * std::max(1.0, e.reference_involuntary_per_run);
    case Bottleneck::kUneven:
      return e.cores_busy < 0.8 * e.reference_cores_busy;
    case Bottleneck::kOverhead:
      return false;  // chosen for want of any other signal
  }
  return false;
}

std::string describe_evidence(const Evidence& e, unsigned cores) {
  return fmt::format(
      "Evidence (yours / reference): cores busy while timed {:.2f} / {:.2f} of {}; CPU time per run {:.2f}x the "
      "reference's; "
      "kernel share {:.0f}% / {:.0f}%; blocking switches per run {:.0f} / {:.0f}; preemptions per run {:.0f} / {:.0f}.",
      e.cores_busy, e.reference_cores_busy, cores, e.cpu_per_run_vs_reference, e.system_share * 100,
      e.reference_system_share * 100, e.voluntary_per_run, e.reference_voluntary_per_run, e.involuntary_per_run,
      e.reference_involuntary_per_run);
}

std::string to_string(Bottleneck bottleneck) {
  switch (bottleneck) {
    case Bottleneck::kNone:
      return "none";
    case Bottleneck::kSerialized:
      return "serialized";
    case Bottleneck::kSpinning:
      return "spinning";
    case Bottleneck::kContention:
      return "contention";
    case Bottleneck::kOversubscribed:
      return "oversubscribed";
    case Bottleneck::kUneven:
      return "uneven";
    case Bottleneck::kOverhead:
      return "overhead";
  }
  return "?";
}

std::string to_string(Cause cause) {
  switch (cause) {
    case Cause::kNone:
      return "none";
    case Cause::kScheduling:
      return "scheduling";
    case Cause::kSynchronization:
      return "synchronization";
    case Cause::kDecomposition:
      return "decomposition";
  }
  return "?";
}

namespace {

std::string finding(const Evidence& e, Bottleneck bottleneck) {
  switch (bottleneck) {
    case Bottleneck::kNone:
      return "";
    case Bottleneck::kSerialized:
      return fmt::format(
          "jobs run one at a time. Your run kept {:.2f} cores busy where the reference kept {:.2f}: a lock held "
          "while the work runs, or threads waiting on each other (or started and joined one after another), "
          "leaves the other cores idle.",
          e.cores_busy, e.reference_cores_busy);
    case Bottleneck::kOversubscribed:
      return fmt::format(
          "more runnable threads than cores: the scheduler keeps preempting your threads ({:.0f} preemptions per "
          "run against the reference's {:.0f}). A thread per job or per chunk, or more threads than "
          "available_cores(), does that.",
          e.involuntary_per_run, e.reference_involuntary_per_run);
    case Bottleneck::kSpinning: {
      std::string text = fmt::format(
          "your threads burn CPU without getting further: {:.1f}x the reference's CPU time for the same work, "
          "without blocking. Threads that busy-wait (spin, or yield() in a loop) instead of sleeping do "
          "that, and so do cache lines passed back and forth between cores: counters of different threads side "
          "by side on one line (false sharing), or one counter or atomic that every thread updates.",
          e.cpu_per_run_vs_reference);
      if (e.own_speedup > 0 && e.own_speedup < 1)
        text += fmt::format(
            " Pinned to one core your code ran {:.2f}x faster than on all of them: the cost appears only when "
            "threads run on different cores at once, the mark of cache lines moving between cores.",
            1 / e.own_speedup);
      return text;
    }
    case Bottleneck::kContention:
      return fmt::format(
          "threads keep blocking on each other: {:.0f} blocking switches per run against the reference's {:.0f}, "
          "{:.0f}% of the CPU time in the kernel against {:.0f}%. One shared lock taken per tiny step (per job, "
          "per item), or notify_all where notify_one would do, makes the threads queue for the lock instead of "
          "working.",
          e.voluntary_per_run, e.reference_voluntary_per_run, e.system_share * 100, e.reference_system_share * 100);
    case Bottleneck::kUneven:
      return fmt::format(
          "cores sit idle part of the time although no thread blocks, spins or waits for a core: your run kept "
          "{:.2f} cores busy where the reference kept {:.2f}, for the same CPU time per run. The work is split "
          "unevenly: some threads finish early and the call waits for the last. Give every thread an equal "
          "share, or hand out smaller pieces as threads become free.",
          e.cores_busy, e.reference_cores_busy);
    case Bottleneck::kOverhead:
      return "no single cause stands out in the counters; the cost is per piece of work (a thread started, an "
             "allocation, a copy, a lock per job or per item): pieces too small for what each one costs. Use "
             "fewer, larger pieces, and compare your code's path for one piece with the reference's.";
  }
  return "";
}

// "Synchronization", the cause as a heading.
std::string heading(Cause cause) {
  std::string name = to_string(cause);
  name[0] = static_cast<char>(name[0] - 'a' + 'A');
  return name;
}

}  // namespace

std::string diagnose(const PerformanceMeasurement& m, double ratio, unsigned cores, double full_at) {
  Evidence e = gather_evidence(m);
  std::string evidence = describe_evidence(e, cores);
  Bottleneck bottleneck = classify(e, ratio, full_at);
  if (bottleneck == Bottleneck::kNone)
    return "Diagnosis: nothing holds your code back; it keeps pace with the reference.\n  " + evidence;
  return fmt::format("Diagnosis: scheduling, synchronization or decomposition? {} ({}): {}\n  {}",
                     heading(cause_of(bottleneck)), clear_evidence(e, bottleneck) ? "likely" : "possible",
                     finding(e, bottleneck), evidence);
}

}  // namespace grader
