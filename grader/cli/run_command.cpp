#include "run_command.h"

#include <filesystem>

#include "grading_error.h"

namespace grader {

int run_command(const Command& command, std::FILE* errors) {
  const char* doing = command.doing.c_str();
  try {
    return command.run();
  } catch (const GradingError& e) {
    std::fprintf(errors, "grader: cannot %s: %s\n", doing, e.what());
  } catch (const std::filesystem::filesystem_error& e) {
    std::fprintf(errors,
                 "grader: cannot %s: %s: check that the path exists and that you may write there, then "
                 "run the same command again\n",
                 doing, e.what());
  } catch (const std::exception& e) {
    std::fprintf(errors, "grader: cannot %s (an error in the grader itself, please report it): %s\n", doing, e.what());
  }
  return kCannotRun;
}

}  // namespace grader
