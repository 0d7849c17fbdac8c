#include "toolchain.h"

#include <cstdlib>
#include <fstream>
#include <string_view>

#include <nlohmann/json.hpp>

#include "grading_error.h"

namespace grader {
namespace {

BuildProfile read_profile(const nlohmann::json& j) {
  return {j.at("compile_flags").get<std::vector<std::string>>(), j.at("link_flags").get<std::vector<std::string>>(),
          j.at("link_libraries").get<std::vector<std::string>>()};
}

}  // namespace

Toolchain load_toolchain(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in)
    throw GradingError("cannot read " + file.string() +
                       ": the course is not configured. Run `make check` from the course's "
                       "top directory (it configures the build first).");
  Toolchain toolchain;
  try {
    nlohmann::json j = nlohmann::json::parse(in);
    toolchain.course_root = j.at("course_root").get<std::string>();
    toolchain.compiler = j.at("compiler").get<std::string>();
    toolchain.tests = read_profile(j.at("tests"));
    toolchain.bench = read_profile(j.at("bench"));
    toolchain.tests_opt = read_profile(j.at("tests_opt"));
    if (j.contains("noise")) {
      toolchain.noise_archive = j["noise"].at("archive").get<std::string>();
      toolchain.noise_link_flags = j["noise"].at("link_flags").get<std::vector<std::string>>();
    }
    const char* cache_off = std::getenv("COURSE_COMPILE_CACHE");
    if (j.contains("compile_cache") && !(cache_off && std::string_view(cache_off) == "0")) {
      toolchain.compile_cache.program = j["compile_cache"].at("program").get<std::string>();
      toolchain.compile_cache.dir = j["compile_cache"].at("dir").get<std::string>();
      for (BuildProfile* profile : {&toolchain.tests, &toolchain.bench, &toolchain.tests_opt})
        profile->compile_cache = toolchain.compile_cache;
    }
    for (const auto& [id, e] : j.at("exercises").items()) {
      ExerciseToolchain ex;
      ex.dir = e.at("dir").get<std::string>();
      for (const auto& d : e.at("include_dirs")) ex.include_dirs.emplace_back(d.get<std::string>());
      ex.test_archive = e.at("test_archive").get<std::string>();
      ex.test_archive_opt = e.at("test_archive_opt").get<std::string>();
      ex.bench_archive = e.value("bench_archive", "");
      ex.reference_bench = e.value("reference_bench", "");
      for (const auto& o : e.value("reference_objects", nlohmann::json::array()))
        ex.reference_objects.emplace_back(o.get<std::string>());
      ex.hidden_archive = e.value("hidden_archive", "");
      toolchain.exercises.emplace(id, std::move(ex));
    }
  } catch (const nlohmann::json::exception& e) {
    throw GradingError(file.string() + " is malformed (" + e.what() +
                       "): delete the build directory and run `make check` again.");
  }
  return toolchain;
}

}  // namespace grader
