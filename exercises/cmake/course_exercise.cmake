# course_exercise(): the build of one exercise.
#
# For exercise NN in directory NN_name it defines
#   exNN_tests            static archive: the exercise's tests and the common
#                         test main, compiled under ThreadSanitizer. The grader
#                         links it against a submission's own objects, so a
#                         submission never compiles (or edits) a test.
#   exNN_reference_tests  the same tests linked against reference/NN_name, run
#                         by ctest (label "reference").
#   exNN_demo             the exercise's demo program built from solutions/
#                         (not built by default: `make demo EXERCISE=NN`).
#   exNN_bench            (with BENCH) static archive of the benchmark, -O2, no
#                         sanitizer: the grader links it against a submission.
#   exNN_reference_bench  the benchmark linked against reference/NN_name: the
#                         bar a submission's speed is measured against.
# and records what the grader needs in course_toolchain.json.
include(CheckCXXCompilerFlag)
include(GoogleTest)

set(COURSE_TSAN_FLAGS -fsanitize=thread -g -O1 -fno-omit-frame-pointer)
# g++ warns about constructs ThreadSanitizer cannot check (std::atomic_thread_fence);
# as errors they can never turn into a wrong race verdict.
check_cxx_compiler_flag(-Werror=tsan COURSE_HAS_WERROR_TSAN)
if(COURSE_HAS_WERROR_TSAN)
  list(APPEND COURSE_TSAN_FLAGS -Werror=tsan)
endif()
set(COURSE_TSAN_LINK_FLAGS -fsanitize=thread -pthread)
# Benchmarks measure speed: optimised, no sanitizer, frame pointers kept so
# that a profile of a slow submission stays readable.
set(COURSE_BENCH_FLAGS -O2 -g -DNDEBUG -fno-omit-frame-pointer)
set(COURSE_BENCH_LINK_FLAGS -pthread)

cmake_path(SET COURSE_COMMON_INCLUDE NORMALIZE ${CMAKE_CURRENT_LIST_DIR}/../common/include)
cmake_path(SET COURSE_TESTING_INCLUDE NORMALIZE ${CMAKE_CURRENT_LIST_DIR}/../common/testing)
set(COURSE_ROOT ${CMAKE_CURRENT_LIST_DIR}/../..)
cmake_path(NORMAL_PATH COURSE_ROOT)

function(course_tsan target)
  target_compile_options(${target} PRIVATE ${COURSE_TSAN_FLAGS})
  target_link_options(${target} PRIVATE ${COURSE_TSAN_LINK_FLAGS})
endfunction()

function(course_bench_flags target)
  target_compile_options(${target} PRIVATE ${COURSE_BENCH_FLAGS})
  target_link_options(${target} PRIVATE ${COURSE_BENCH_LINK_FLAGS})
endfunction()

# course_exercise(ID 01 NAME concurrent_tasks TESTS a_test.cpp ... [DEMO demo.cpp] [BENCH bench.cpp ...])
function(course_exercise)
  cmake_parse_arguments(EX "" "ID;NAME;DEMO" "TESTS;BENCH" ${ARGN})
  set(dir ${EX_ID}_${EX_NAME})
  set(include ${CMAKE_CURRENT_SOURCE_DIR}/include)
  set(includes ${include} ${COURSE_COMMON_INCLUDE})

  add_library(ex${EX_ID}_tests STATIC ${EX_TESTS} $<TARGET_OBJECTS:course_test_main>)
  target_include_directories(ex${EX_ID}_tests PRIVATE ${includes} ${COURSE_TESTING_INCLUDE})
  target_link_libraries(ex${EX_ID}_tests PRIVATE GTest::gtest)
  course_tsan(ex${EX_ID}_tests)
  add_dependencies(course_test_archives ex${EX_ID}_tests)

  file(GLOB reference_sources CONFIGURE_DEPENDS ${COURSE_ROOT}/reference/${dir}/*.cpp)
  add_executable(ex${EX_ID}_reference_tests ${reference_sources})
  target_include_directories(ex${EX_ID}_reference_tests PRIVATE ${includes})
  target_link_libraries(ex${EX_ID}_reference_tests PRIVATE
    "$<LINK_LIBRARY:WHOLE_ARCHIVE,ex${EX_ID}_tests>" GTest::gtest)
  course_tsan(ex${EX_ID}_reference_tests)
  set_target_properties(ex${EX_ID}_reference_tests PROPERTIES CROSSCOMPILING_EMULATOR "setarch;-R")
  gtest_discover_tests(ex${EX_ID}_reference_tests
    TEST_PREFIX "reference/${dir}/"
    PROPERTIES LABELS reference TIMEOUT 120
               ENVIRONMENT "TSAN_OPTIONS=halt_on_error=1:exitcode=66")

  if(EX_DEMO)
    file(GLOB solution_sources CONFIGURE_DEPENDS ${COURSE_ROOT}/solutions/${dir}/*.cpp)
    add_executable(ex${EX_ID}_demo EXCLUDE_FROM_ALL ${EX_DEMO} ${solution_sources})
    target_include_directories(ex${EX_ID}_demo PRIVATE ${includes})
    target_link_libraries(ex${EX_ID}_demo PRIVATE Threads::Threads)
  endif()

  set(bench_json "")
  if(EX_BENCH)
    add_library(ex${EX_ID}_bench STATIC ${EX_BENCH})
    target_include_directories(ex${EX_ID}_bench PRIVATE ${includes})
    target_link_libraries(ex${EX_ID}_bench PRIVATE benchmark::benchmark)
    course_bench_flags(ex${EX_ID}_bench)
    add_dependencies(course_test_archives ex${EX_ID}_bench)

    add_executable(ex${EX_ID}_reference_bench ${reference_sources})
    target_include_directories(ex${EX_ID}_reference_bench PRIVATE ${includes})
    target_link_libraries(ex${EX_ID}_reference_bench PRIVATE
      "$<LINK_LIBRARY:WHOLE_ARCHIVE,ex${EX_ID}_bench>" benchmark::benchmark)
    course_bench_flags(ex${EX_ID}_reference_bench)
    add_dependencies(course_test_archives ex${EX_ID}_reference_bench)
    set(bench_json ",
      \"bench_archive\": \"$<TARGET_FILE:ex${EX_ID}_bench>\",
      \"reference_bench\": \"$<TARGET_FILE:ex${EX_ID}_reference_bench>\"")
  endif()

  set_property(GLOBAL APPEND PROPERTY COURSE_EXERCISES_JSON
"    \"${EX_ID}\": {
      \"dir\": \"${dir}\",
      \"include_dirs\": [\"${include}\", \"${COURSE_COMMON_INCLUDE}\"],
      \"test_archive\": \"$<TARGET_FILE:ex${EX_ID}_tests>\"${bench_json}
    }")
endfunction()

# Writes what the grader needs to compile and link a submission exactly as
# this tree compiles the references: compiler, flags, and per exercise the
# include directories and the test archive.
function(course_write_toolchain path)
  get_property(exercises GLOBAL PROPERTY COURSE_EXERCISES_JSON)
  list(JOIN exercises ",\n" exercises)
  list(JOIN COURSE_TSAN_FLAGS "\", \"" compile_flags)
  list(JOIN COURSE_TSAN_LINK_FLAGS "\", \"" link_flags)
  list(JOIN COURSE_BENCH_FLAGS "\", \"" bench_flags)
  list(JOIN COURSE_BENCH_LINK_FLAGS "\", \"" bench_link_flags)
  file(GENERATE OUTPUT ${path} CONTENT
"{
  \"course_root\": \"${COURSE_ROOT}\",
  \"compiler\": \"${CMAKE_CXX_COMPILER}\",
  \"tests\": {
    \"compile_flags\": [\"-std=c++20\", \"${compile_flags}\"],
    \"link_flags\": [\"${link_flags}\"],
    \"link_libraries\": [\"$<TARGET_LINKER_FILE:GTest::gtest>\"]
  },
  \"bench\": {
    \"compile_flags\": [\"-std=c++20\", \"${bench_flags}\"],
    \"link_flags\": [\"${bench_link_flags}\"],
    \"link_libraries\": [\"$<TARGET_LINKER_FILE:benchmark::benchmark>\"]
  },
  \"exercises\": {
${exercises}
  }
}
")
endfunction()
