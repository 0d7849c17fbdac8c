// Points are kept to a tenth, check by check, so that every format (the
// terminal, report.json, Classroom's per-test scores, Gradescope, the
// gradebook) adds up to one total: each of them rounds with this.
#pragma once

#include <cmath>

namespace grader {

inline double round_points(double points) { return std::round(points * 10) / 10; }

}  // namespace grader
