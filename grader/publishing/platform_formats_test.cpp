#include "platform_formats.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include <gtest/gtest.h>

#include "json_text.h"

namespace grader {
namespace {

Report SampleReport() {
  ExerciseResult e;
  e.id = "02";
  e.dir = "02_worker_pool";
  e.title = "A core-bounded worker pool";
  e.status = ExerciseStatus::kFail;
  e.max_score = 100;
  e.checks = {
      {.name = "build", .kind = CheckKind::kBuild, .status = CheckStatus::kPass, .message = "compiled"},
      {.name = "WorkerPool.SizeIsTheWorkerCount",
       .kind = CheckKind::kCorrectness,
       .status = CheckStatus::kPass,
       .points = 1,
       .max_points = 1,
       .message = "size()"},
      {.name = "race-free",
       .kind = CheckKind::kRace,
       .status = CheckStatus::kFail,
       .max_points = 10,
       .message = "Data race <here> & there",
       .file = "solutions/02_worker_pool/worker_pool.cpp",
       .line = 41},
      {.name = "performance",
       .kind = CheckKind::kPerformance,
       .status = CheckStatus::kPass,
       .points = 12.3,
       .max_points = 20,
       .message = "1.5x"},
  };
  e.score = 13.3;
  PerformanceFigures f;
  f.ratio = 1.456;
  e.performance = f;
  Report r;
  r.submission = "solutions";
  r.exercises.push_back(e);
  return r;
}

TEST(Base64, MatchesTheStandardAlphabetAndPadding) {
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64(std::string("\xff\x00\x10", 3)), "/wAQ");
}

TEST(Classroom, OneTestPerCheckWithPartialCreditAndWhereToLook) {
  nlohmann::json j = to_classroom(SampleReport());
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["status"], "fail");
  EXPECT_EQ(j["max_score"], 100);
  ASSERT_EQ(j["tests"].size(), 3u) << "a build that worked is worth no points and is left out";
  const auto& race = j["tests"][1];
  EXPECT_EQ(race["name"], "ex02 / race-free");
  EXPECT_EQ(race["status"], "fail");
  EXPECT_EQ(race["filename"], "solutions/02_worker_pool/worker_pool.cpp");
  EXPECT_EQ(race["line_no"], 41);
  const auto& perf = j["tests"][2];
  EXPECT_EQ(perf["score"], 12.3);
  EXPECT_EQ(perf["status"], "fail") << "partial credit is a test that lost points";
}

TEST(Classroom, ScoresAddUpToTheReportsTotal) {
  Report r = SampleReport();
  nlohmann::json j = to_classroom(r);
  double sum = 0;
  for (const auto& t : j["tests"]) sum += t["score"].get<double>();
  EXPECT_NEAR(sum, r.total(), 1e-9);
}

TEST(Gradescope, CarriesScoresAndASpeedLeaderboard) {
  nlohmann::json j = to_gradescope(SampleReport(), 41.4);
  EXPECT_EQ(j["execution_time"], 41);
  EXPECT_EQ(j["tests"].size(), 3u);
  EXPECT_EQ(j["tests"][1]["status"], "failed");
  EXPECT_EQ(j["tests"][1]["max_score"], 10);
  EXPECT_EQ(j["tests"][0]["number"], "2.2");
  EXPECT_EQ(j["leaderboard"][0]["value"], 1.46);
  EXPECT_EQ(j["leaderboard"][0]["order"], "asc");
}

TEST(Junit, EscapesTextAndMarksLostPointsAsFailures) {
  std::string xml = to_junit(SampleReport());
  EXPECT_NE(xml.find("<testsuite name=\"ex02 A core-bounded worker pool\" tests=\"4\" failures=\"2\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("Data race &lt;here&gt; &amp; there"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<failure message=\"0 of 10 points\">"), std::string::npos) << xml;
  EXPECT_NE(xml.find("name=\"WorkerPool.SizeIsTheWorkerCount\"/>"), std::string::npos) << xml;
}

// A test that printed bytes that are not text: 0xFF 0xFE, Latin-1, a NUL,
// an escape. Every format is still written, and still parses.
Report HostileReport() {
  Report r = SampleReport();
  r.exercises[0].checks[2].message = std::string("printed \xFF\xFE caf\xE9 \x1b[2J \x01\0 end", 27) + " <&>";
  r.exercises[0].checks[2].file = "solutions/\xFFx.cpp";
  return r;
}

TEST(PlatformFormats, BytesThatAreNotTextLeaveValidJsonInEveryFormat) {
  Report r = HostileReport();
  std::string classroom = dump_json(to_classroom(r));
  nlohmann::json parsed = nlohmann::json::parse(classroom);
  EXPECT_NE(parsed["tests"][1]["message"].get<std::string>().find("\xEF\xBF\xBD\xEF\xBF\xBD caf\xEF\xBF\xBD"),
            std::string::npos);
  EXPECT_NO_THROW((void)to_classroom_output(r));
  EXPECT_TRUE(nlohmann::json::accept(dump_json(to_gradescope(r, 1.0))));
  EXPECT_TRUE(nlohmann::json::accept(dump_json(to_json(r))));
}

// What a well-formed XML 1.0 document of ours needs: valid UTF-8, only the
// characters XML allows, every '&' an entity, and tags that balance.
void ExpectWellFormedXml(const std::string& xml) {
  EXPECT_EQ(valid_utf8(xml), xml) << "valid UTF-8";
  EXPECT_EQ(xml_safe(xml), xml) << "only characters XML 1.0 allows";
  for (std::size_t at = xml.find('&'); at != std::string::npos; at = xml.find('&', at + 1)) {
    bool entity = false;
    for (const char* e : {"&amp;", "&lt;", "&gt;", "&quot;"})
      entity = entity || xml.compare(at, std::strlen(e), e) == 0;
    EXPECT_TRUE(entity) << "a bare & at " << at;
  }
  std::vector<std::string> open;
  for (std::size_t at = xml.find('<'); at != std::string::npos; at = xml.find('<', at + 1)) {
    std::size_t end = xml.find('>', at);
    ASSERT_NE(end, std::string::npos);
    std::string tag = xml.substr(at + 1, end - at - 1);
    if (tag[0] == '?' || tag.back() == '/') continue;
    std::string name =
        tag.substr(tag[0] == '/' ? 1 : 0,
                   tag.find(' ') == std::string::npos ? std::string::npos : tag.find(' ') - (tag[0] == '/' ? 1 : 0));
    if (tag[0] != '/') {
      open.push_back(name);
    } else {
      ASSERT_FALSE(open.empty()) << "</" << name << "> closes nothing";
      EXPECT_EQ(open.back(), name);
      open.pop_back();
    }
  }
  EXPECT_TRUE(open.empty());
  // And a real parser, where there is one.
  if (std::system("python3 -c '' >/dev/null 2>&1") == 0) {
    std::string file = testing::TempDir() + "junit_" + std::to_string(getpid()) + ".xml";
    std::ofstream(file, std::ios::binary) << xml;
    std::string command = "python3 -c 'import sys, xml.etree.ElementTree as t; t.parse(sys.argv[1])' " + file;
    EXPECT_EQ(std::system(command.c_str()), 0) << "python3's XML parser refuses it: " << file;
    std::remove(file.c_str());
  }
}

TEST(PlatformFormats, JUnitIsWellFormedWhateverATestPrinted) {
  std::string xml = to_junit(HostileReport());
  ExpectWellFormedXml(xml);
  EXPECT_NE(xml.find("caf\xEF\xBF\xBD \\x1B[2J \\x01\\x00 end &lt;&amp;&gt;"), std::string::npos) << xml;
}

}  // namespace
}  // namespace grader
