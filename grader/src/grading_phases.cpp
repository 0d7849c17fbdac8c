#include "grading_phases.h"

namespace grader {

GradingPhases real_phases(const std::string& compiler) {
  GradingPhases phases;
  phases.build = [compiler](const BuildTarget& target, const std::filesystem::path& sources_dir,
                            const std::filesystem::path& build_dir, std::chrono::seconds time_limit) {
    return build_submission(compiler, target, sources_dir, build_dir, time_limit);
  };
  phases.link_noise = link_noise_binary;
  phases.probe = probe_startup;
  phases.run = run_test;
  phases.together = passing_together;
  phases.measure = measure_performance;
  phases.timeline = record_timeline;
  return phases;
}

}  // namespace grader
