// Grades every submission of the corpus (grader/tests/corpus/NN_name/CASE)
// with the real grader program and checks the verdict in CASE/expect.json.
//
// A case holds only the files that carry its bug; the rest of the
// submission is the reference's (or, with "base": "solutions", the stubs').
// This is how the course proves that each check can fail, and that the
// references earn full marks and the stubs nothing, in the same run.
//
// expect.json: "bug" and "note" (what the case breaks, what was observed),
// "exercise", "base", "grader_args"; what must hold: "score_min",
// "score_max", "status", "checks" [{name, status, file_contains}] (a
// check's status may be a list of the ones accepted: ["pass", "partial"]
// where a timing-dependent failure of another test scales it or not),
// "message_contains" [{name, text}], "bottleneck" and "cause" (the
// performance diagnosis, and its answer: scheduling, synchronization or
// decomposition); "also_grade" {id: {from, status}}: other exercises graded in
// the same run, each with the status it must still get; "repository_edits"
// {path: text}: the submission sits in a student repository whose
// protected files were edited so, and "protected_changes" lists what the
// report must name. "stress": true grades with the grader's default stress
// runs (otherwise --stress 0: each case would pay the stress budget).
// A hang case grades with "--time-limit-scale", "0.33" in its grader_args
// (a hang costs 10 s, not 30), but for deadlock_when_compute_throws, which
// keeps the rubric's real limit, and 02's lock_held_while_running, whose
// tests wait 10 s for a job in a serialized pool: under 0.33 a slow test
// there becomes a hang (seen on a busy machine).
// "files_from": CASE2 takes the case's files from CASE2 of the same
// exercise (one bug read another way, e.g. in another platform's format).
// "needs_root": true skips the case unless the grader runs as root (what it
// tests is a defence the grader can raise only then).
// With "--format F" among its grader_args, the grader also writes that
// format (--out), and each of "checks" must read the same there: failed
// where it failed, not failed where it passed or was partial (junit: a
// well-formed file, a <failure> or none; gradescope and classroom: JSON
// whose test of that name has that status).
// "measures_speed": true says that the case's grading measures speed, and
// keeps ctest from running it beside tests that take no machine lock
// (grader/tests/CMakeLists.txt says why), "cost"
// is its seconds as measured, ctest's COST (longest first on a fresh clone),
// "timeline": the shape of the timeline of the submission's threads
// (check_timeline() below). "labels" adds ctest labels (grader/tests/CMakeLists.txt). In case files,
// @COURSE_ROOT@ stands for the course's root directory (corpus_assemble.py).
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const fs::path kCourse = COURSE_ROOT;
const fs::path kCorpus = kCourse / "grader" / "tests" / "corpus";
const fs::path kScratch = fs::path(CORPUS_SCRATCH);

struct Case {
  std::string exercise_dir;  // "01_concurrent_tasks"
  std::string name;          // "event_log_no_lock"
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.exercise_dir << "/" << c.name; }

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  if (!fs::is_directory(kCorpus)) return cases;
  for (const auto& ex : fs::directory_iterator(kCorpus))
    if (ex.is_directory())
      for (const auto& c : fs::directory_iterator(ex.path()))
        if (fs::exists(c.path() / "expect.json")) cases.push_back({ex.path().filename(), c.path().filename()});
  std::sort(cases.begin(), cases.end(),
            [](const Case& a, const Case& b) { return a.exercise_dir + a.name < b.exercise_dir + b.name; });
  return cases;
}

// Whether the grader's sandboxes run as an unprivileged user here: it runs
// as root, and that user can reach the corpus's scratch directory (every
// directory on the way searchable by others), else it falls back to root.
bool sandbox_drops_root() {
  if (geteuid() != 0) return false;
  for (fs::path dir = kScratch; !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
    std::error_code ec;
    auto perms = fs::status(dir, ec).permissions();
    if (!ec && (perms & fs::perms::others_exec) == fs::perms::none) return false;
  }
  return true;
}

json read_json(const fs::path& file) {
  std::ifstream in(file);
  return json::parse(in);
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The submission, as corpus_assemble.py assembles it (the batch tests'
// rosters use the same script): base files, then the case's own files over
// them; the exercises in "also_grade" from their own base; inside a
// repository when the case has "repository_edits". Empty when it failed.
fs::path assemble(const Case& c) {
  fs::path root = kScratch / c.exercise_dir / c.name / "repo";
  fs::remove_all(root);
  fs::path submission = root / "solutions";
  std::string command = "python3 " + shell_quote((kCourse / "grader" / "tests" / "corpus_assemble.py").string()) + " " +
                        shell_quote((kCorpus / c.exercise_dir / c.name).string()) + " " +
                        shell_quote(submission.string());
  int status = std::system(command.c_str());
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return {};
  return submission;
}

std::string also_graded(const json& expect) {
  std::string args;
  const json others = expect.value("also_grade", json::object());
  for (const auto& [id, other] : others.items()) args += " --exercise " + id;
  return args;
}

// The --format the case grades with ("" without one).
std::string platform_format(const json& expect) {
  const json args = expect.value("grader_args", json::array());
  for (std::size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == "--format") return args[i + 1];
  return "";
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string unbase64(const std::string& text) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (char ch : text) {
    auto at = kAlphabet.find(ch);
    if (at == std::string::npos) continue;  // padding, the newline
    bits = (bits << 6) | static_cast<unsigned>(at);
    if ((count += 6) >= 8) out += static_cast<char>((bits >> (count -= 8)) & 0xff);
  }
  return out;
}

// Whether the platform's file shows the check `name` of exercise `id` as
// failed; nullopt when the file does not name it.
std::optional<bool> platform_says_failed(const std::string& format, const std::string& text, const std::string& id,
                                         const std::string& name) {
  if (format == "junit") {
    std::string open = "<testcase classname=\"ex" + id + "\" name=\"" + name + "\"";
    auto at = text.find(open);
    if (at == std::string::npos) return std::nullopt;
    auto end = text.find('>', at);
    if (end != std::string::npos && text[end - 1] == '/') return false;
    std::string body = text.substr(at, text.find("</testcase>", at) - at);
    return body.find("<failure") != std::string::npos;
  }
  json j = json::parse(format == "classroom" ? unbase64(text) : text);
  for (const auto& t : j["tests"])
    if (t["name"] == "ex" + id + " / " + name) return t["status"] == "fail" || t["status"] == "failed";
  return std::nullopt;
}

// The statuses a check of expect.json accepts: one word, or a list of them.
std::vector<std::string> accepted_statuses(const json& want) {
  const json& status = want.at("status");
  if (status.is_string()) return {status.get<std::string>()};
  return status.get<std::vector<std::string>>();
}

bool accepts(const std::vector<std::string>& statuses, const std::string& status) {
  return std::find(statuses.begin(), statuses.end(), status) != statuses.end();
}

void expect_platform_verdicts(const json& expect, const fs::path& file) {
  std::string format = platform_format(expect);
  if (format.empty() || format == "text" || format == "json") return;
  std::string text = read_text(file);
  ASSERT_FALSE(text.empty()) << "the grader wrote no " << format << " report: " << file;
  if (format == "junit" && std::system("xmllint --version >/dev/null 2>&1") == 0)
    EXPECT_EQ(std::system(("xmllint --noout " + shell_quote(file.string())).c_str()), 0)
        << "the JUnit XML is not well-formed: " << file;
  std::string id = expect.at("exercise");
  for (const auto& want : expect.value("checks", json::array())) {
    const std::vector<std::string> statuses = accepted_statuses(want);
    if (accepts(statuses, "skipped")) continue;
    const bool must_fail = accepts(statuses, "fail");
    if (must_fail && statuses.size() > 1) continue;  // failed or not: either reads right
    std::optional<bool> failed = platform_says_failed(format, text, id, want.at("name"));
    ASSERT_TRUE(failed.has_value()) << format << " has no test " << want["name"] << ": " << file;
    EXPECT_EQ(*failed, must_fail) << format << " shows " << want["name"] << " (" << want["status"].dump() << ") "
                                  << (*failed ? "failed" : "not failed") << ": " << file;
  }
}

int run_grader(const fs::path& submission, const json& expect, const fs::path& work, const fs::path& report) {
  std::string command = std::string("'") + GRADER_BINARY + "' grade --submission '" + submission.string() +
                        "' --exercise " + expect.at("exercise").get<std::string>() + also_graded(expect) +
                        " --work-dir '" + work.string() + "' --json '" + report.string() + "' --html '" +
                        (report.parent_path() / "report.html").string() + "'";
  if (!expect.value("stress", false)) command += " --stress 0";
  for (const auto& arg : expect.value("grader_args", json::array())) command += " " + arg.get<std::string>();
  fs::remove(work.string() + ".platform");
  if (!platform_format(expect).empty()) command += " --out '" + work.string() + ".platform'";
  command += " > '" + work.string() + ".out' 2>&1";
  fs::create_directories(work);
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

const json* find_check(const json& exercise, const std::string& name) {
  for (const auto& c : exercise["checks"])
    if (c["name"] == name) return &c;
  return nullptr;
}

class Corpus : public testing::TestWithParam<Case> {};

// "timeline": [{process, cpu, overlap, parallel}]: the spans of the timeline
// run whose name starts with `process` are all on CPU `cpu`; two of them on
// different threads overlap in time (`overlap`); two overlap in time on
// different CPUs (`parallel`). Each key is checked only when present.
void check_timeline(const json& exercise, const json& want) {
  ASSERT_TRUE(exercise.contains("timeline")) << "no timeline was written";
  fs::path file = exercise["timeline"].get<std::string>();
  if (file.is_relative()) file = kCourse / file;
  const json trace = read_json(file);
  const std::string process = want.at("process");
  std::optional<int> pid;
  for (const auto& e : trace.at("traceEvents"))
    if (e["ph"] == "M" && e["name"] == "process_name" && e["args"]["name"].get<std::string>().rfind(process, 0) == 0)
      pid = e["pid"].get<int>();
  ASSERT_TRUE(pid) << "no run named '" << process << "...' in " << file;
  std::vector<json> spans;
  for (const auto& e : trace["traceEvents"])
    if (e["ph"] == "X" && e["pid"] == *pid) spans.push_back(e);
  ASSERT_GE(spans.size(), 2u) << file;
  bool overlap = false, parallel = false;
  for (const auto& a : spans) {
    if (want.contains("cpu")) EXPECT_EQ(a["args"]["cpu"], want["cpu"]) << "a bar on another CPU: " << a.dump();
    for (const auto& b : spans) {
      if (&a == &b || a["tid"] == b["tid"]) continue;
      const double a0 = a["ts"], a1 = a0 + a["dur"].get<double>(), b0 = b["ts"], b1 = b0 + b["dur"].get<double>();
      if (a0 < b1 && b0 < a1) {
        overlap = true;
        parallel = parallel || a["args"]["cpu"] != b["args"]["cpu"];
      }
    }
  }
  if (want.contains("overlap")) EXPECT_EQ(overlap, want["overlap"]) << "spans overlapping in time, " << file;
  if (want.contains("parallel")) EXPECT_EQ(parallel, want["parallel"]) << "spans at once on two CPUs, " << file;
}

TEST_P(Corpus, GetsTheVerdictItDeserves) {
  const Case& c = GetParam();
  json expect = read_json(kCorpus / c.exercise_dir / c.name / "expect.json");
  if (expect.value("needs_root", false) && !sandbox_drops_root())
    GTEST_SKIP() << "this case tests what the grader does when it runs as root (CI, batch servers) on directories "
                    "its sandbox user can reach";
  fs::path submission = assemble(c);
  ASSERT_FALSE(submission.empty()) << "corpus_assemble.py could not assemble the case (its error above)";
  fs::path work = kScratch / c.exercise_dir / c.name / "work";
  fs::path report_file = kScratch / c.exercise_dir / c.name / "report.json";
  fs::remove(report_file);

  int status = run_grader(submission, expect, work, report_file);
  ASSERT_TRUE(status == 0 || status == 1)
      << "the grader could not grade (status " << status << "); its output: " << work.string() << ".out";
  json report = read_json(report_file);
  const json others = expect.value("also_grade", json::object());
  ASSERT_EQ(report["exercises"].size(), 1u + others.size());
  const json& ex = report["exercises"][0];
  for (const auto& other : report["exercises"]) {
    if (!others.contains(other["id"].get<std::string>())) continue;
    EXPECT_EQ(other["status"], others[other["id"].get<std::string>()].at("status"))
        << "exercise " << other["id"] << " should be graded as if the case's exercise were not there";
  }
  const json protected_changes = expect.value("protected_changes", json::array());
  for (const auto& want : protected_changes)
    EXPECT_NE(std::find(report["protected_changes"].begin(), report["protected_changes"].end(), want),
              report["protected_changes"].end())
        << "the report should name " << want
        << " among the changed protected files: " << report["protected_changes"].dump();
  SCOPED_TRACE("case " + c.name + ": " + expect.value("bug", "") + "\nreport: " + report_file.string());

  double score = ex["score"];
  EXPECT_GE(score, expect.value("score_min", 0.0));
  EXPECT_LE(score, expect.value("score_max", 100.0));
  EXPECT_EQ(ex["max_score"], 100.0) << "an exercise is out of its rubric's 100 points, whatever went wrong in it";
  if (expect.contains("status")) EXPECT_EQ(ex["status"], expect["status"]);
  bool every_point = true;
  for (const auto& graded : report["exercises"]) every_point = every_point && graded["status"] == "pass";
  EXPECT_EQ(status, every_point ? 0 : 1) << "the exit status must say whether points were lost";

  for (const auto& want : expect.value("checks", json::array())) {
    const json* check = find_check(ex, want.at("name"));
    ASSERT_NE(check, nullptr) << "no check named " << want["name"];
    EXPECT_TRUE(accepts(accepted_statuses(want), (*check)["status"]))
        << "check " << want["name"] << " is " << (*check)["status"] << ", expected " << want["status"].dump() << ": "
        << (*check)["message"];
    if (want.contains("file_contains"))
      EXPECT_NE((*check)["file"].get<std::string>().find(want["file_contains"].get<std::string>()), std::string::npos)
          << "check " << want["name"] << " points at '" << (*check)["file"] << "'";
  }
  // The build compiles at /submission (grader/src/compiled_sources.h); a
  // report names the student's own files, wherever a path came from (a
  // race, a stack, a crash, the compiler, the linker).
  for (const auto& check : ex["checks"])
    EXPECT_FALSE(check.value("file", "").starts_with("/submission/"))
        << "check " << check["name"] << " names the compile sandbox's path " << check["file"]
        << ", not the student's file";
  expect_platform_verdicts(expect, work.string() + ".platform");
  for (const char* finding : {"bottleneck", "cause"}) {
    if (!expect.contains(finding)) continue;
    ASSERT_TRUE(ex.contains("performance")) << "speed was not measured";
    EXPECT_EQ(ex["performance"][finding], expect[finding]) << "performance: " << ex["performance"].dump();
  }
  for (const auto& want : expect.value("message_contains", json::array())) {
    const json* check = find_check(ex, want.at("name"));
    ASSERT_NE(check, nullptr) << "no check named " << want["name"];
    EXPECT_NE((*check)["message"].get<std::string>().find(want.at("text").get<std::string>()), std::string::npos)
        << "check " << want["name"] << " should mention '" << want["text"] << "': " << (*check)["message"];
  }
  for (const auto& want : expect.value("timeline", json::array())) check_timeline(ex, want);
}

INSTANTIATE_TEST_SUITE_P(Submissions, Corpus, testing::ValuesIn(all_cases()),
                         [](const testing::TestParamInfo<Case>& info) {
                           return "ex" + info.param.exercise_dir.substr(0, 2) + "_" + info.param.name;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Corpus);

}  // namespace
