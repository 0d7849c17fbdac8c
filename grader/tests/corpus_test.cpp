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
// "score_max", "status", "checks" [{name, status, file_contains}],
// "message_contains" [{name, text}], "bottleneck" (the performance
// diagnosis); "measures_speed": true makes ctest run the case alone
// (grader/tests/CMakeLists.txt).
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
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
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) {
    return a.exercise_dir + a.name < b.exercise_dir + b.name;
  });
  return cases;
}

json read_json(const fs::path& file) {
  std::ifstream in(file);
  return json::parse(in);
}

// The submission: base files, then the case's own files over them.
fs::path assemble(const Case& c, const json& expect) {
  fs::path submission = kScratch / c.exercise_dir / c.name / "submission";
  fs::path dir = submission / c.exercise_dir;
  fs::remove_all(submission);
  fs::create_directories(dir);
  std::string base = expect.value("base", "reference");
  for (const auto& f : fs::directory_iterator(kCourse / base / c.exercise_dir))
    fs::copy_file(f.path(), dir / f.path().filename());
  for (const auto& f : fs::directory_iterator(kCorpus / c.exercise_dir / c.name))
    if (f.path().filename() != "expect.json")
      fs::copy_file(f.path(), dir / f.path().filename(), fs::copy_options::overwrite_existing);
  return submission;
}

int run_grader(const fs::path& submission, const json& expect, const fs::path& work, const fs::path& report) {
  std::string command = std::string("'") + GRADER_BINARY + "' grade --submission '" + submission.string() +
                        "' --exercise " + expect.at("exercise").get<std::string>() + " --work-dir '" +
                        work.string() + "' --json '" + report.string() + "'";
  for (const auto& arg : expect.value("grader_args", json::array())) command += " " + arg.get<std::string>();
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

TEST_P(Corpus, GetsTheVerdictItDeserves) {
  const Case& c = GetParam();
  json expect = read_json(kCorpus / c.exercise_dir / c.name / "expect.json");
  fs::path submission = assemble(c, expect);
  fs::path work = kScratch / c.exercise_dir / c.name / "work";
  fs::path report_file = kScratch / c.exercise_dir / c.name / "report.json";
  fs::remove(report_file);

  int status = run_grader(submission, expect, work, report_file);
  ASSERT_TRUE(status == 0 || status == 1) << "the grader could not grade (status " << status
                                          << "); its output: " << work.string() << ".out";
  json report = read_json(report_file);
  ASSERT_EQ(report["exercises"].size(), 1u);
  const json& ex = report["exercises"][0];
  SCOPED_TRACE("case " + c.name + ": " + expect.value("bug", "") + "\nreport: " + report_file.string());

  double score = ex["score"];
  EXPECT_GE(score, expect.value("score_min", 0.0));
  EXPECT_LE(score, expect.value("score_max", 100.0));
  if (expect.contains("status")) EXPECT_EQ(ex["status"], expect["status"]);
  EXPECT_EQ(status, score >= 100 ? 0 : 1) << "the exit status must say whether points were lost";

  for (const auto& want : expect.value("checks", json::array())) {
    const json* check = find_check(ex, want.at("name"));
    ASSERT_NE(check, nullptr) << "no check named " << want["name"];
    EXPECT_EQ((*check)["status"], want.at("status")) << "check " << want["name"] << ": " << (*check)["message"];
    if (want.contains("file_contains"))
      EXPECT_NE((*check)["file"].get<std::string>().find(want["file_contains"].get<std::string>()), std::string::npos)
          << "check " << want["name"] << " points at '" << (*check)["file"] << "'";
  }
  if (expect.contains("bottleneck")) {
    ASSERT_TRUE(ex.contains("performance")) << "speed was not measured";
    EXPECT_EQ(ex["performance"]["bottleneck"], expect["bottleneck"]) << "performance: " << ex["performance"].dump();
  }
  for (const auto& want : expect.value("message_contains", json::array())) {
    const json* check = find_check(ex, want.at("name"));
    ASSERT_NE(check, nullptr) << "no check named " << want["name"];
    EXPECT_NE((*check)["message"].get<std::string>().find(want.at("text").get<std::string>()), std::string::npos)
        << "check " << want["name"] << " should mention '" << want["text"] << "': " << (*check)["message"];
  }
}

INSTANTIATE_TEST_SUITE_P(Submissions, Corpus, testing::ValuesIn(all_cases()),
                         [](const testing::TestParamInfo<Case>& info) {
                           return "ex" + info.param.exercise_dir.substr(0, 2) + "_" + info.param.name;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Corpus);

}  // namespace
