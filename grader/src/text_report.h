// The report as a student reads it in a terminal.
#pragma once

#include <string>

#include "report.h"

namespace grader {

struct TextStyle {
  bool color = false;  // ANSI colors (only on a terminal, and never with NO_COLOR set)
};

std::string render_text(const Report& report, const TextStyle& style);

}  // namespace grader
