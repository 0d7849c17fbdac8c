cmake_minimum_required(VERSION 3.20)  # IN_LIST
# Fails when a file under CORE_DIR includes, by its name, a header that
# lives in one of UPPER_DIRS (the wings and the command line): the core
# must build and be tested without them (README "How the grader is built").
#   cmake -DCORE_DIR=... -DUPPER_DIRS="a;b" -P check_layering.cmake
set(upper_headers)
foreach(dir IN LISTS UPPER_DIRS)
  file(GLOB headers RELATIVE ${dir} ${dir}/*.h)
  list(APPEND upper_headers ${headers})
endforeach()
if(NOT upper_headers)
  message(FATAL_ERROR "no headers under ${UPPER_DIRS}: the check would prove nothing")
endif()

file(GLOB core_files ${CORE_DIR}/*.h ${CORE_DIR}/*.cpp)
set(violations "")
foreach(file IN LISTS core_files)
  file(STRINGS ${file} includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]*)\".*" "\\1" header "${line}")
    get_filename_component(name ${header} NAME)
    if(name IN_LIST upper_headers)
      string(APPEND violations "\n  ${file} includes \"${header}\"")
    endif()
  endforeach()
endforeach()
if(violations)
  message(FATAL_ERROR "the core includes a wing's header (move the piece both need into the core):${violations}")
endif()
list(LENGTH core_files count)
message(STATUS "layering: ${count} core files include no wing header")
