#include "template_manifest.h"

#include <gtest/gtest.h>

namespace grader {
namespace {

TEST(TemplatePaths, WhatTheTemplateLeavesOutAndAdds) {
  EXPECT_TRUE(left_out_of_template("exercises/02_y/hidden/hidden_test.cpp"));
  EXPECT_TRUE(left_out_of_template("grader/tests/corpus/01_x/case/x.cpp"));
  EXPECT_TRUE(left_out_of_template(".github/workflows/ci.yml"));
  EXPECT_TRUE(left_out_of_template("reference/01_x/x.cpp"));
  EXPECT_FALSE(left_out_of_template(".github/workflows/classroom.yml"));
  EXPECT_FALSE(left_out_of_template("exercises/02_y/tests/y_test.cpp"));
  EXPECT_FALSE(left_out_of_template("grader/src/main.cpp"));
  EXPECT_TRUE(added_by_template("exercises/02_y/reference_objects/y.o"));
  EXPECT_FALSE(added_by_template("exercises/02_y/bench/y.cpp"));
}

}  // namespace
}  // namespace grader
