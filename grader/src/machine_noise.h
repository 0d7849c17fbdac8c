// How busy the machine was while something was measured: CPU pressure
// (time some runnable task waited for a core, /proc/pressure/cpu) and steal
// (time a hypervisor gave this machine's cores to someone else, /proc/stat).
#pragma once

#include <cstdint>
#include <string>

namespace grader {

struct NoiseSample {
  std::uint64_t pressure_us = 0;   // /proc/pressure/cpu "some total="
  std::uint64_t steal_ticks = 0;   // /proc/stat cpu steal
  std::uint64_t all_ticks = 0;     // /proc/stat cpu, all fields
  bool has_pressure = false;
};

NoiseSample sample_noise();

struct Noise {
  double pressure = 0;   // share of the interval some task waited for a CPU
  double steal = 0;      // share of CPU time stolen
};

Noise noise_between(const NoiseSample& before, const NoiseSample& after, double wall_seconds);

// "CPU pressure 12%, steal 0%" and a word on what it means for the figures.
std::string describe_noise(const Noise& noise);

}  // namespace grader
