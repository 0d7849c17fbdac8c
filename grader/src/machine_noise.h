// How busy the machine was while something was measured: CPU pressure
// (time some runnable task waited for a core, /proc/pressure/cpu), steal
// (time a hypervisor gave this machine's cores to someone else, /proc/stat),
// and the load of other programs on the grader's own cores during one run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace grader {

struct NoiseSample {
  std::uint64_t pressure_us = 0;  // /proc/pressure/cpu "some total="
  std::uint64_t steal_ticks = 0;  // /proc/stat cpu steal
  std::uint64_t all_ticks = 0;    // /proc/stat cpu, all fields
  bool has_pressure = false;
};

NoiseSample sample_noise();

struct Noise {
  double pressure = 0;  // share of the interval some task waited for a CPU
  double steal = 0;     // share of CPU time stolen
};

Noise noise_between(const NoiseSample& before, const NoiseSample& after, double wall_seconds);

// "CPU pressure 12%, steal 0%" and a word on what it means for the figures.
std::string describe_noise(const Noise& noise);

// Busy and total ticks of the CPUs this process may run on, from the cpuN
// lines of /proc/stat (idle and iowait are the not-busy fields).
struct CpuTicks {
  std::uint64_t busy = 0;
  std::uint64_t all = 0;
};

CpuTicks sample_cpu_ticks();

// Parses /proc/stat text for the given CPUs; sample_cpu_ticks() reads the
// real file for the grader's affinity mask.
CpuTicks parse_cpu_ticks(const std::string& proc_stat, const std::vector<int>& cpus);

// How many cores' worth of CPU time something other than the measured
// program used between two samples: the busy time of the grader's CPUs
// minus the program's own CPU time, over the wall time. A parallel program
// measured while another process keeps a core busy looks slower than it is,
// and a serial one does not: runs with other load are not scored when clean
// ones can be had.
double other_load(const CpuTicks& before, const CpuTicks& after, double own_cpu_seconds, double wall_seconds);

}  // namespace grader
