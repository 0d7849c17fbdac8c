#include "text_report.h"

#include <fmt/format.h>
#include <sstream>

#include "json_text.h"

namespace grader {
namespace {

constexpr int kNameWidth = 56;

// What a test printed may hold any byte: an escape sequence would clear or
// rewrite the reader's screen, a raw 0xFF is not text. Everything a report
// quotes goes through here.
std::string shown(const std::string& text) { return terminal_safe(bounded_text(text, kMaxMessageBytes)); }

struct Painter {
  bool on;
  std::string paint(const std::string& text, const char* code) const {
    return on ? fmt::format("\033[{}m{}\033[0m", code, text) : text;
  }
  std::string green(const std::string& t) const { return paint(t, "32"); }
  std::string red(const std::string& t) const { return paint(t, "31"); }
  std::string dim(const std::string& t) const { return paint(t, "2"); }
  std::string bold(const std::string& t) const { return paint(t, "1"); }
};

std::string indent(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::string out;
  for (std::string line; std::getline(in, line);) out += prefix + line + "\n";
  return out;
}

std::string status_label(const Check& check, const Painter& p) {
  switch (check.status) {
    case CheckStatus::kPass:
      return check.points + 1e-9 < check.max_points ? p.paint("PART", "33") : p.green("PASS");
    case CheckStatus::kFail:
      return p.red("FAIL");
    case CheckStatus::kSkipped:
      return p.dim("----");
    case CheckStatus::kPartial:
      return p.paint("PART", "33");
  }
  return "?";
}

std::string points(double got, double max) { return fmt::format("{:>5.1f} / {:g}", got, max); }

void render_check(std::ostringstream& out, const Check& check, const Painter& p) {
  // A check worth no points (the build) says how it went on its own line.
  std::string score = check.max_points > 0                 ? points(check.points, check.max_points)
                      : check.status == CheckStatus::kPass ? p.dim(shown(check.message))
                                                           : "";
  out << fmt::format("  {}  {:<{}} {}\n", status_label(check, p), check.name, kNameWidth, score);
  bool lost = check.status == CheckStatus::kFail || check.points + 1e-9 < check.max_points;
  // The speedup table teaches something even at full marks.
  bool always_shown = check.kind == CheckKind::kPerformance;
  if (!lost && !always_shown) return;
  if (check.status == CheckStatus::kSkipped && !always_shown) return;
  out << indent(shown(check.message), "        ");
  if (!check.file.empty())
    out << "        " << p.bold("-> " + shown(check.file) + (check.line > 0 ? ":" + std::to_string(check.line) : ""))
        << "\n";
}

void render_not_implemented(std::ostringstream& out, const ExerciseResult& e, const Painter& p) {
  out << "  " << p.dim("Not implemented yet: every test stopped at a stub that throws NotImplemented.") << "\n"
      << "  Write the functions in solutions/" << e.dir << "/ (the statement is exercises/" << e.dir
      << "/README.md), then run `make check EXERCISE=" << e.id << "`.\n";
  for (const auto& c : e.checks)
    if (c.kind == CheckKind::kCorrectness)
      out << fmt::format("  {}  {:<{}} {}\n", p.dim("TODO"), c.name, kNameWidth, points(0, c.max_points));
}

// The instructor's hidden tests, under the exercise and apart from its score.
void render_hidden(std::ostringstream& out, const HiddenResult& hidden, const Painter& p) {
  std::string head = "Hidden tests (instructor only, not part of the score above)";
  out << "  " << p.bold(fmt::format("{:<{}} {}", head, kNameWidth + 6, points(hidden.score, hidden.max_score))) << "\n";
  for (const auto& c : hidden.checks) render_check(out, c, p);
}

void render_exercise(std::ostringstream& out, const ExerciseResult& e, const Painter& p) {
  std::string head = fmt::format("{} {}", e.id, e.title);
  std::string score = points(e.score, e.max_score);
  out << "\n" << p.bold(fmt::format("{:<{}} {}", head, kNameWidth + 8, score)) << "\n";
  if (e.status == ExerciseStatus::kNotImplemented) {
    render_not_implemented(out, e, p);
  } else {
    for (const auto& c : e.checks) render_check(out, c, p);
  }
  if (e.hidden) render_hidden(out, *e.hidden, p);
  out << "  " << p.dim("logs: " + shown(e.artifacts) + "/") << "\n";
}

}  // namespace

std::string render_text(const Report& report, const TextStyle& style) {
  Painter p{style.color};
  std::ostringstream out;
  out << "Grading " << shown(report.submission) << "\n";
  if (!report.sandboxed)
    out << p.dim("Ran without a sandbox (" + report.sandbox_missing +
                 "): the submission could see and reach what the grader can.")
        << "\n";
  if (!report.protected_changes.empty()) {
    // In a student's own clone the edited tests are the ones built, but
    // never the edited rubric (template_origin.h); the course's gradings
    // use the course's copies of everything.
    out << "Files outside solutions/ that are the course's were changed. Only the course's copies count (the "
           "rubric is always the course's): put these back as they were given (git checkout -- FILE):\n";
    for (const auto& change : report.protected_changes) out << "  " << shown(change) << "\n";
  }
  for (const auto& e : report.exercises) render_exercise(out, e, p);
  std::string total = fmt::format("Total {}", points(report.total(), report.max_total()));
  out << "\n" << p.bold(report.full_marks() ? p.green(total) : total) << "\n";
  return out.str();
}

}  // namespace grader
