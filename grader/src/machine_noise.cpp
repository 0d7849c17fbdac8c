#include "machine_noise.h"

#include <fmt/format.h>
#include <sstream>

#include "text_files.h"

namespace grader {

NoiseSample sample_noise() {
  NoiseSample s;
  std::string pressure = read_file("/proc/pressure/cpu", 4096);
  if (auto pos = pressure.find("total="); pos != std::string::npos) {
    s.pressure_us = std::stoull(pressure.substr(pos + 6));
    s.has_pressure = true;
  }
  std::istringstream stat(read_file("/proc/stat", 4096));
  std::string cpu;
  stat >> cpu;
  std::uint64_t field = 0;
  for (int i = 0; i < 10 && stat >> field; ++i) {
    s.all_ticks += field;
    if (i == 7) s.steal_ticks = field;
  }
  return s;
}

Noise noise_between(const NoiseSample& before, const NoiseSample& after, double wall_seconds) {
  Noise n;
  if (before.has_pressure && after.has_pressure && wall_seconds > 0)
    n.pressure = static_cast<double>(after.pressure_us - before.pressure_us) / (wall_seconds * 1e6);
  if (after.all_ticks > before.all_ticks)
    n.steal = static_cast<double>(after.steal_ticks - before.steal_ticks) /
              static_cast<double>(after.all_ticks - before.all_ticks);
  return n;
}

std::string describe_noise(const Noise& noise) {
  // The benchmark's own threads create pressure too when they outnumber the
  // cores, so only a high figure says that something else was running.
  std::string text = fmt::format("CPU pressure {:.0f}%, steal {:.0f}%", noise.pressure * 100, noise.steal * 100);
  if (noise.pressure > 0.5 || noise.steal > 0.05) text += " (a busy machine: pairs taken back to back keep the ratio fair)";
  return text;
}

}  // namespace grader
