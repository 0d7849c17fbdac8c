# course_exercise(): the build of one exercise.
#
# For exercise NN in directory NN_name it defines
#   exNN_tests            static archive: the exercise's tests and the common
#                         test main, compiled under ThreadSanitizer. The grader
#                         links it against a submission's own objects, so a
#                         submission never compiles (or edits) a test.
#   exNN_reference_tests  the same tests linked against reference/NN_name, run
#                         by ctest (label "reference").
#   exNN_tests_opt        the same tests compiled as the benchmark is (-O2, no
#                         sanitizer): the grader runs every test a second time
#                         against the submission's benchmark-built objects, so
#                         code that is right only under the sanitizer (or only
#                         without NDEBUG) does not pass.
#                         With TIMELINE, it holds the exercise's timeline
#                         scenario too (common/testing/course_testing/
#                         timeline_recorder.h), run only in timeline mode.
#   exNN_reference_tests_opt  that archive linked against the reference (one ctest).
#   exNN_demo             the exercise's demo program built from solutions/
#                         (not built by default: `make demo EXERCISE=NN`).
#   exNN_bench            (with BENCH) static archive of the benchmark, -O2, no
#                         sanitizer: the grader links it against a submission.
#   exNN_reference_bench  the benchmark linked against reference/NN_name: the
#                         bar a submission's speed is measured against.
#   exNN_reference_objects  (with BENCH) the reference compiled as the benchmark
#                         is: the objects a student template ships instead of
#                         the sources (grader export-template).
#   exNN_hidden_tests     (with a hidden/ directory) static archive of the
#                         instructor's hidden tests, under ThreadSanitizer,
#                         graded apart from the 100 points (grader grade --hidden).
#   exNN_reference_hidden_tests  the hidden tests against the reference (ctest).
# In a student template there is no reference/: the reference benchmark is
# linked from exercises/NN_name/reference_objects/*.o, and the targets that
# need reference sources do not exist.
# Records what the grader needs in course_toolchain.json.
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
# The grader's stress runs link the tests a second time with the
# scheduling-noise library (exercises/common/noise/noise.cpp, target
# course_noise), the linker sending these calls to its wrappers first.
set(COURSE_NOISE_WRAPPED pthread_mutex_lock pthread_mutex_trylock pthread_mutex_unlock
    pthread_cond_signal pthread_cond_broadcast)

cmake_path(SET COURSE_COMMON_INCLUDE NORMALIZE ${CMAKE_CURRENT_LIST_DIR}/../common/include)
cmake_path(SET COURSE_TESTING_INCLUDE NORMALIZE ${CMAKE_CURRENT_LIST_DIR}/../common/testing)
cmake_path(SET COURSE_COMMON_DIR NORMALIZE ${CMAKE_CURRENT_LIST_DIR}/../common)
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

# Links every object of the static archive into target (and then the other
# libraries given), so that the tests' static registrations survive the link,
# as they do when the grader links a submission. The linker's own flags, not
# $<LINK_LIBRARY:WHOLE_ARCHIVE> (CMake 3.24): Ubuntu 22.04, Gradescope's newest
# image, has CMake 3.22.
function(course_link_whole_archive target archive)
  target_link_libraries(${target} PRIVATE -Wl,--whole-archive ${archive} -Wl,--no-whole-archive ${ARGN})
endfunction()

# A static archive of tests and the common test main, under
# ThreadSanitizer, that the grader links against a submission. Called from
# course_exercise(), whose includes it uses.
function(course_test_archive target)
  add_library(${target} STATIC ${ARGN} $<TARGET_OBJECTS:course_test_main>)
  target_include_directories(${target} PRIVATE ${includes} ${COURSE_TESTING_INCLUDE})
  target_link_libraries(${target} PRIVATE GTest::gtest)
  course_tsan(${target})
  add_dependencies(course_test_archives ${target})
endfunction()

# The same tests compiled as the benchmark is, without the sanitizer.
function(course_test_archive_opt target)
  add_library(${target} STATIC ${ARGN} $<TARGET_OBJECTS:course_test_main_opt>)
  target_include_directories(${target} PRIVATE ${includes} ${COURSE_TESTING_INCLUDE})
  target_link_libraries(${target} PRIVATE GTest::gtest)
  course_bench_flags(${target})
  add_dependencies(course_test_archives ${target})
endfunction()

# course_exercise(ID 01 NAME concurrent_tasks TESTS a_test.cpp ... [DEMO demo.cpp] [BENCH bench.cpp ...]
#                 [TIMELINE scenario.cpp])
function(course_exercise)
  cmake_parse_arguments(EX "" "ID;NAME;DEMO;TIMELINE" "TESTS;BENCH" ${ARGN})
  set(dir ${EX_ID}_${EX_NAME})
  set(include ${CMAKE_CURRENT_SOURCE_DIR}/include)
  set(includes ${include} ${COURSE_COMMON_INCLUDE})

  course_test_archive(ex${EX_ID}_tests ${EX_TESTS})
  course_test_archive_opt(ex${EX_ID}_tests_opt ${EX_TESTS} ${EX_TIMELINE})

  file(GLOB reference_sources CONFIGURE_DEPENDS ${COURSE_ROOT}/reference/${dir}/*.cpp)
  if(reference_sources)
    course_reference_tests(ex${EX_ID}_reference_tests ex${EX_ID}_tests "reference/${dir}/")
    # The optimised run, one ctest for all the tests: the reference must pass
    # it as it passes the sanitized one.
    add_executable(ex${EX_ID}_reference_tests_opt ${reference_sources})
    target_include_directories(ex${EX_ID}_reference_tests_opt PRIVATE ${includes})
    course_link_whole_archive(ex${EX_ID}_reference_tests_opt ex${EX_ID}_tests_opt GTest::gtest)
    course_bench_flags(ex${EX_ID}_reference_tests_opt)
    add_test(NAME reference/${dir}/optimised COMMAND ex${EX_ID}_reference_tests_opt)
    set_tests_properties(reference/${dir}/optimised PROPERTIES LABELS "reference;quick" TIMEOUT 300)
  endif()

  set(hidden_json "")
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/hidden)
    file(GLOB hidden_tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/hidden/*.cpp)
    course_test_archive(ex${EX_ID}_hidden_tests ${hidden_tests})
    if(reference_sources)
      course_reference_tests(ex${EX_ID}_reference_hidden_tests ex${EX_ID}_hidden_tests "reference/${dir}/hidden/")
    endif()
    set(hidden_json ",
      \"hidden_archive\": \"$<TARGET_FILE:ex${EX_ID}_hidden_tests>\"")
  endif()

  if(EX_DEMO)
    file(GLOB solution_sources CONFIGURE_DEPENDS ${COURSE_ROOT}/solutions/${dir}/*.cpp)
    add_executable(ex${EX_ID}_demo EXCLUDE_FROM_ALL ${EX_DEMO} ${solution_sources})
    target_include_directories(ex${EX_ID}_demo PRIVATE ${includes} ${COURSE_COMMON_DIR})
    target_link_libraries(ex${EX_ID}_demo PRIVATE Threads::Threads)
  endif()

  set(bench_json "")
  if(EX_BENCH)
    add_library(ex${EX_ID}_bench STATIC ${EX_BENCH} $<TARGET_OBJECTS:course_bench_main>)
    target_include_directories(ex${EX_ID}_bench PRIVATE ${includes} ${COURSE_COMMON_DIR})
    target_link_libraries(ex${EX_ID}_bench PRIVATE benchmark::benchmark)
    course_bench_flags(ex${EX_ID}_bench)
    add_dependencies(course_test_archives ex${EX_ID}_bench)

    # The reference's objects, compiled once as the benchmark is: linked
    # here, and shipped as they are in a student template.
    if(reference_sources)
      add_library(ex${EX_ID}_reference_objects OBJECT ${reference_sources})
      target_include_directories(ex${EX_ID}_reference_objects PRIVATE ${includes})
      course_bench_flags(ex${EX_ID}_reference_objects)
      set(reference_objects $<TARGET_OBJECTS:ex${EX_ID}_reference_objects>)
      set(objects_json "$<JOIN:${reference_objects},\"$<COMMA> \">")
    else()
      file(GLOB reference_objects CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/reference_objects/*.o)
      list(JOIN reference_objects "\", \"" objects_json)
    endif()
    if(reference_objects)
      add_executable(ex${EX_ID}_reference_bench ${reference_objects})
      set_target_properties(ex${EX_ID}_reference_bench PROPERTIES LINKER_LANGUAGE CXX)
      course_link_whole_archive(ex${EX_ID}_reference_bench ex${EX_ID}_bench benchmark::benchmark)
      course_bench_flags(ex${EX_ID}_reference_bench)
      add_dependencies(course_test_archives ex${EX_ID}_reference_bench)
      set(bench_json ",
      \"bench_archive\": \"$<TARGET_FILE:ex${EX_ID}_bench>\",
      \"reference_bench\": \"$<TARGET_FILE:ex${EX_ID}_reference_bench>\",
      \"reference_objects\": [\"${objects_json}\"]")
    else()
      message(WARNING "exercise ${dir} has a benchmark but neither reference/${dir}/*.cpp nor "
                      "exercises/${dir}/reference_objects/*.o: its speed cannot be measured. Export the "
                      "template again with `grader export-template`.")
    endif()
  endif()

  set_property(GLOBAL APPEND PROPERTY COURSE_EXERCISES_JSON
"    \"${EX_ID}\": {
      \"dir\": \"${dir}\",
      \"include_dirs\": [\"${include}\", \"${COURSE_COMMON_INCLUDE}\"],
      \"test_archive\": \"$<TARGET_FILE:ex${EX_ID}_tests>\",
      \"test_archive_opt\": \"$<TARGET_FILE:ex${EX_ID}_tests_opt>\"${bench_json}${hidden_json}
    }")
endfunction()

# A test archive linked against reference/NN_name and run by ctest (label
# "reference"), one ctest per test. Called from course_exercise(), whose
# reference_sources and includes it uses.
function(course_reference_tests target archive prefix)
  add_executable(${target} ${reference_sources})
  target_include_directories(${target} PRIVATE ${includes})
  course_link_whole_archive(${target} ${archive} GTest::gtest)
  course_tsan(${target})
  set_target_properties(${target} PROPERTIES CROSSCOMPILING_EMULATOR "setarch;-R")
  gtest_discover_tests(${target}
    TEST_PREFIX "${prefix}"
    PROPERTIES LABELS reference TIMEOUT 120
               ENVIRONMENT "TSAN_OPTIONS=halt_on_error=1:exitcode=66")
  # Not a grader: in the quick label (CMakeLists.txt).
  course_label_quick(${CMAKE_CURRENT_SOURCE_DIR} reference ${target}_TESTS)
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
  list(TRANSFORM COURSE_NOISE_WRAPPED PREPEND "-Wl,--wrap=" OUTPUT_VARIABLE noise_flags)
  list(JOIN noise_flags "\", \"" noise_flags)
  # Submissions compile through ccache into a cache of the grader's own
  # (grader/src/submission_build.cpp says why that is safe).
  set(cache_json "")
  if(COURSE_CCACHE)
    set(cache_json ",
  \"compile_cache\": {\"program\": \"${COURSE_CCACHE}\", \"dir\": \"${CMAKE_BINARY_DIR}/submission-ccache\"}")
  endif()
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
  \"tests_opt\": {
    \"compile_flags\": [\"-std=c++20\", \"${bench_flags}\"],
    \"link_flags\": [\"${bench_link_flags}\"],
    \"link_libraries\": [\"$<TARGET_LINKER_FILE:GTest::gtest>\"]
  },
  \"noise\": {
    \"archive\": \"$<TARGET_FILE:course_noise>\",
    \"link_flags\": [\"${noise_flags}\"]
  }${cache_json},
  \"exercises\": {
${exercises}
  }
}
")
endfunction()
