#include "machine_noise.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <sstream>

#include "cpus.h"
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
  if (noise.pressure > 0.5 || noise.steal > 0.05)
    text += " (a busy machine: pairs taken back to back keep the ratio fair)";
  return text;
}

CpuTicks parse_cpu_ticks(const std::string& proc_stat, const std::vector<int>& cpus) {
  CpuTicks ticks;
  std::istringstream lines(proc_stat);
  std::string line;
  while (std::getline(lines, line)) {
    int cpu = -1;
    if (std::sscanf(line.c_str(), "cpu%d", &cpu) != 1 || std::find(cpus.begin(), cpus.end(), cpu) == cpus.end())
      continue;
    std::istringstream fields(line.substr(line.find(' ')));
    std::uint64_t value = 0;
    // user nice system idle iowait irq softirq steal (guest time is already in user)
    for (int i = 0; i < 8 && fields >> value; ++i) {
      ticks.all += value;
      if (i != 3 && i != 4) ticks.busy += value;
    }
  }
  return ticks;
}

CpuTicks sample_cpu_ticks() { return parse_cpu_ticks(read_file("/proc/stat", 1 << 16), usable_cpus()); }

double other_load(const CpuTicks& before, const CpuTicks& after, double own_cpu_seconds, double wall_seconds) {
  if (wall_seconds <= 0 || after.busy < before.busy) return 0;
  static const double ticks_per_second = static_cast<double>(sysconf(_SC_CLK_TCK));
  double busy_seconds = static_cast<double>(after.busy - before.busy) / ticks_per_second;
  return std::max(0.0, busy_seconds - own_cpu_seconds) / wall_seconds;
}

}  // namespace grader
