#include "exercise_ids.h"

#include <gtest/gtest.h>

#include "grading_error.h"

namespace grader {
namespace {

Toolchain course() {
  Toolchain t;
  t.exercises["01"].dir = "01_concurrent_tasks";
  t.exercises["02"].dir = "02_parallel_sum";
  t.exercises["10"].dir = "10_pipeline";
  return t;
}

using Ids = std::vector<std::string>;

TEST(ResolveExercises, EveryExerciseWhenNoneIsNamed) {
  EXPECT_EQ(resolve_exercises(course(), {}), (Ids{"01", "02", "10"}));
  EXPECT_EQ(resolve_exercises(course(), {""}), (Ids{"01", "02", "10"}));
}

TEST(ResolveExercises, EveryWayOfNamingOne) {
  for (const char* name : {"01", "1", "001", "01_concurrent_tasks", "concurrent_tasks"})
    EXPECT_EQ(resolve_exercises(course(), {name}), Ids{"01"}) << name;
  EXPECT_EQ(resolve_exercises(course(), {"10"}), Ids{"10"});
}

TEST(ResolveExercises, OneAndZeroOneAreTheSameExerciseGradedOnce) {
  EXPECT_EQ(resolve_exercises(course(), {"1", "01", "concurrent_tasks"}), Ids{"01"});
}

TEST(ResolveExercises, InTheCoursesOrderWhateverTheUsersOrder) {
  EXPECT_EQ(resolve_exercises(course(), {"10", "2", "01"}), (Ids{"01", "02", "10"}));
}

TEST(ResolveExercises, AnUnknownNameIsAClearErrorListingTheCourse) {
  for (const char* name : {"3", "0", "99999999999", "999999999999999999999999", "pipe", "-1", "01_"}) {
    try {
      resolve_exercises(course(), {"01", name});
      ADD_FAILURE() << name << " was taken for an exercise";
    } catch (const GradingError& e) {
      std::string what = e.what();
      EXPECT_NE(what.find("there is no exercise \"" + std::string(name) + "\""), std::string::npos) << what;
      EXPECT_NE(what.find("01 (01_concurrent_tasks) 02 (02_parallel_sum) 10 (10_pipeline)"), std::string::npos) << what;
    }
  }
}

}  // namespace
}  // namespace grader
