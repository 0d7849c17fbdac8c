# Third-party packages: Debian's packages first (find_package), and a
# FetchContent download only where a machine lacks them.
include(FetchContent)

function(course_require package)
  cmake_parse_arguments(ARG "" "TARGET;GIT;TAG" "" ${ARGN})
  find_package(${package} QUIET)
  if(TARGET ${ARG_TARGET})
    return()
  endif()
  message(STATUS "${package} not installed: fetching ${ARG_GIT} ${ARG_TAG}")
  # SYSTEM (CMake 3.25) keeps the package's warnings out of the course's.
  set(system "")
  if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.25)
    set(system SYSTEM)
  endif()
  FetchContent_Declare(${package} GIT_REPOSITORY ${ARG_GIT} GIT_TAG ${ARG_TAG}
                       GIT_SHALLOW TRUE ${system})
  FetchContent_MakeAvailable(${package})
endfunction()

set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
set(BENCHMARK_ENABLE_TESTING OFF CACHE BOOL "" FORCE)
set(JSON_BuildTests OFF CACHE BOOL "" FORCE)

course_require(GTest TARGET GTest::gtest
  GIT https://github.com/google/googletest.git TAG v1.12.1)
course_require(benchmark TARGET benchmark::benchmark
  GIT https://github.com/google/benchmark.git TAG v1.7.1)
course_require(nlohmann_json TARGET nlohmann_json::nlohmann_json
  GIT https://github.com/nlohmann/json.git TAG v3.11.2)
course_require(CLI11 TARGET CLI11::CLI11
  GIT https://github.com/CLIUtils/CLI11.git TAG v2.1.2)
course_require(fmt TARGET fmt::fmt
  GIT https://github.com/fmtlib/fmt.git TAG 9.1.0)

# FetchContent builds of googletest name their targets without the GTest::
# namespace; give them the names the rest of the build uses.
foreach(lib gtest gtest_main gmock)
  if(TARGET ${lib} AND NOT TARGET GTest::${lib})
    add_library(GTest::${lib} ALIAS ${lib})
  endif()
endforeach()
