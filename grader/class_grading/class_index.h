// OUT/index.html after a batch, for the instructor: the gradebook as a
// table (each student's name links to their report.html; a few lines of
// script sort it by a column when clicked, and it reads the same without),
// the score distribution per exercise and the speed relative to the
// reference, drawn with the same SVG charts as a student's report
// (html/svg_chart.h). Student names and statuses are escaped (html_text).
// Pure: the caller writes the page.
#pragma once

#include <string>
#include <vector>

#include "gradebook.h"

namespace grader {

// `reports` is the directory of the students' report.html, relative to
// the page ("reports": OUT/reports/<student>.html).
std::string render_class_index(const std::vector<StudentResult>& results, const std::vector<std::string>& exercise_ids,
                               const std::string& reports = "reports");

// A student's name as a path segment of a link: every byte but letters,
// digits and - _ . percent-encoded.
std::string url_segment(const std::string& name);

}  // namespace grader
