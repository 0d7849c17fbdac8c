// The grader's result channel, shared by the course's test main and
// benchmark main.
//
// The grader passes a one-time token and a file in the environment
// (COURSE_RESULT_TOKEN, COURSE_RESULT_FILE). Before any other code of the
// program runs (a submission's global constructors included), the channel
// takes both and wipes them from the environment, so only course code ever
// knows the token. The grader believes only lines that carry it: whatever
// else a submission writes (a fake GoogleTest or benchmark JSON file, an
// early exit(0)) is not a result.
#pragma once

#include <string>

namespace course_channel {

// True when the program runs under the grader.
bool IsOpen();

// Appends "<token> <text>\n" to the grader's file in one write. `text` must
// not contain a newline.
void Send(const std::string& text);

}  // namespace course_channel
