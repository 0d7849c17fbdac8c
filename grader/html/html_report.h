// report.html: the grading report as one self-contained page a student
// opens in a browser (build/check/report.html, `grader grade --html`).
// Inline CSS and SVG, no script, no network, readable on a phone:
//
//   a score card per exercise; each lost point with its message and the
//   student's code around every file:line it names (a race's accesses side
//   by side, a hang's threads one by one, the student's frames first as
//   explain.h orders them); the speedup curve against the reference and
//   the ideal; one core against all cores; the timeline of the student's
//   threads (timeline_svg.h); the diagnosis beside the pictures.
//
// Everything shown that a submission could have produced goes through
// html_text() (escaped, valid UTF-8, bounded). Code is read only from files
// inside the submission, with read_untrusted() (no link followed, bounded).
// Thread-safe: reads files, writes nothing.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "report.h"

namespace grader {

struct HtmlReportSources {
  std::filesystem::path course_root;  // a Check's file is relative to it
  std::filesystem::path submission;   // absolute: only files under it are quoted
};

std::string render_html_report(const Report& report, const HtmlReportSources& sources);

// One check that lost points, as report.html shows it but without the
// page's style: its message in a <pre>, then the student's code around each
// place the message names, the line marked. Plain elements only (article,
// h4, pre, figure, mark), so that it reads where a platform shows a
// fragment of HTML of its own (Gradescope's output_format "html").
std::string lost_check_html(const Check& check, const HtmlReportSources& sources);

// A place a message names: "solutions/01_concurrent_tasks/task_group.cpp:12".
struct SourcePlace {
  std::string file;
  int line = 0;
};

// Every file:line in `text` whose file ends in a C++ source or header
// extension, in order (no regex: a message can be 32 KiB of anything).
std::vector<SourcePlace> source_places(std::string_view text);

// Lines line-context..line+context of `source` as a <pre class="code">,
// numbered, the line itself marked (<mark>); "" when line is out of range.
std::string code_excerpt(std::string_view source, int line, int context = 3);

}  // namespace grader
