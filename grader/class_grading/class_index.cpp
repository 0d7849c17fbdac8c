#include "class_index.h"

#include <cctype>

#include <fmt/format.h>

#include "class_summary.h"
#include "html_text.h"
#include "svg_chart.h"

namespace grader {
namespace {

const char* const kStyle = R"(
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:70em;padding:0 .8em 3em;color:#222}
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{padding:.25em .5em;border-bottom:1px solid #eee;text-align:left}
th{cursor:pointer;background:#f1f3f5}td.n{text-align:right}.scroll{overflow-x:auto}
svg.chart{width:100%;height:auto;max-width:44em;display:block}
)";

// Sorting as an enhancement: the table is complete without it.
const char* const kSortScript = R"(
document.querySelectorAll('table.gradebook th').forEach(function (th, col) {
  th.addEventListener('click', function () {
    var body = th.closest('table').tBodies[0], rows = Array.from(body.rows);
    var asc = th.dataset.asc !== '1'; th.dataset.asc = asc ? '1' : '0';
    rows.sort(function (a, b) {
      var x = a.cells[col].dataset.v || a.cells[col].textContent, y = b.cells[col].dataset.v || b.cells[col].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
)";

}  // namespace

std::string url_segment(const std::string& name) {
  std::string out;
  for (unsigned char c : name)
    out += std::isalnum(c) || c == '-' || c == '_' || c == '.' ? std::string(1, static_cast<char>(c))
                                                               : fmt::format("%{:02X}", c);
  return out;
}

std::string render_class_index(const std::vector<StudentResult>& results, const std::vector<std::string>& ids,
                               const std::string& reports) {
  std::string out =
      fmt::format("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Gradebook</title>\n"
                  "<style>{}</style></head>\n<body>\n<h1>Gradebook: {} students</h1>\n<div class=\"scroll\">"
                  "<table class=\"gradebook\"><thead><tr><th>student</th><th>status</th><th>total</th>",
                  kStyle, results.size());
  for (const auto& id : ids) out += "<th>" + html_text(id, 64) + "</th><th>" + html_text(id, 64) + " speed</th>";
  out += "</tr></thead><tbody>\n";
  for (const auto& r : results) {
    out += fmt::format("<tr><td><a href=\"{}/{}.html\">{}</a></td><td>{}</td><td class=\"n\">{:g}</td>",
                       html_text(reports, 256), html_text(url_segment(r.student), 1024), html_text(r.student, 256),
                       html_text(r.status_text(), 512), r.total());
    for (const auto& id : ids) {
      const ExerciseGrade* g = r.grade(id);
      if (g == nullptr) {
        out += "<td></td><td></td>";
        continue;
      }
      out += fmt::format("<td class=\"n\">{:g}</td>", g->score);
      // The reference's time over the student's: 1 is as fast, above is faster.
      if (g->student_ns > 0 && g->reference_ns > 0)
        out += fmt::format("<td class=\"n\">{:.2f}x</td>", g->reference_ns / g->student_ns);
      else out += "<td data-v=\"-1\"></td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody></table></div>\n<p>Speed: the reference's time over the student's (above 1: faster than the "
         "reference). Click a column's title to sort.</p>\n";
  for (const ClassPlot& plot : class_plots(results, ids)) out += render_bar_chart(plot.chart);
  return out + "<script>" + kSortScript + "</script>\n</body></html>\n";
}

}  // namespace grader
