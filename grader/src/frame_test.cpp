#include "frame.h"

#include <gtest/gtest.h>

namespace grader {
namespace {

TEST(Frame, ShortFunctionFoldsTemplatesAndParameters) {
  EXPECT_EQ(short_function("course::EventLog::record(std::__cxx11::basic_string<char, std::char_traits<char> >, int)"),
            "course::EventLog::record()");
  EXPECT_EQ(short_function("std::vector<course::Event, std::allocator<course::Event> >::push_back(course::Event&&)"),
            "std::vector::push_back()");
  EXPECT_EQ(short_function("course::EventLog::entries() const"), "course::EventLog::entries()");
  EXPECT_EQ(short_function("operator()"), "operator()");
  EXPECT_EQ(short_function("std::ostream::operator<<(int)"), "std::ostream::operator<<()");
  EXPECT_EQ(short_function("main"), "main");
  EXPECT_EQ(short_function("(anonymous namespace)::Hang::Hang"), "(anonymous namespace)::Hang::Hang");
}

TEST(Frame, FirstFrameInPicksTheInnermostUnderADirectory) {
  std::vector<Frame> frames = {{"push_back", "/usr/include/c++/12/bits/stl_vector.h", 1},
                               {"record", "/sub/ex/event_log.cpp", 24},
                               {"TestBody", "/course/tests/t.cpp", 9}};
  const Frame* f = first_frame_in(frames, {"/sub/ex"});
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->line, 24);
  EXPECT_EQ(first_frame_in(frames, {"/elsewhere"}), nullptr);
  EXPECT_EQ(first_frame_in(frames, {""}), nullptr) << "an empty directory matches nothing";
}

TEST(Frame, LocationIsRelativeToTheRootWhenUnderIt) {
  EXPECT_EQ(location({"f", "/course/solutions/01/a.cpp", 3}, "/course"), "solutions/01/a.cpp:3");
  EXPECT_EQ(location({"f", "/usr/include/x.h", 0}, "/course"), "/usr/include/x.h");
  EXPECT_EQ(relative_to("/course2/a.cpp", "/course"), "/course2/a.cpp");
}

}  // namespace
}  // namespace grader
