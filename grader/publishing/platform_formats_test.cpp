#include "platform_formats.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include <gtest/gtest.h>

#include "json_text.h"
#include "test_support.h"

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
       .status = CheckStatus::kPartial,
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
  EXPECT_EQ(perf["max_score"], 20);
  EXPECT_EQ(perf["status"], "pass") << "a partial check found nothing wrong: no failure, its points say the rest";
  EXPECT_EQ(perf["message"].get<std::string>().rfind("partial: 12.3 of 20 points", 0), 0u) << perf["message"];
}

// Tenths as a float's arithmetic leaves them (10 * 0.751) are printed as tenths.
TEST(PlatformFormats, PointsArePrintedToATenthNeverAFloatsNoise) {
  Report r = SampleReport();
  r.exercises[0].checks[3].points = 10 * 0.751 + 67.59;  // 75.10000000000001 and then some
  r.exercises[0].checks[3].max_points = 100.00000000000001;
  std::string classroom = dump_json(to_classroom(r));
  std::string gradescope = dump_json(to_gradescope(r, 1));
  std::string junit = to_junit(r);
  for (const std::string* text : {&classroom, &gradescope, &junit}) {
    EXPECT_EQ(text->find("0000000"), std::string::npos) << *text;
    EXPECT_EQ(text->find("9999999"), std::string::npos) << *text;
    EXPECT_NE(text->find("75.1"), std::string::npos) << *text;
  }
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
  EXPECT_EQ(j["tests"][2]["status"], "passed") << "partial: passed with its points, not failed";
  EXPECT_EQ(j["tests"][2]["score"], 12.3);
  EXPECT_EQ(j["tests"][2]["output"].get<std::string>().rfind("partial: 12.3 of 20 points", 0), 0u);
  EXPECT_EQ(j["tests"][0]["number"], "2.2");
  EXPECT_EQ(j["leaderboard"][0]["value"], 1.46);
  EXPECT_EQ(j["leaderboard"][0]["order"], "asc");
}

// Given a renderer, a check that lost points is shown as HTML (the student's
// code around its line); one that earned all of them stays text, and a
// partial one keeps its opening words.
TEST(Gradescope, ShowsLostPointsAsHtmlWhenGivenARenderer) {
  std::vector<std::string> rendered;
  nlohmann::json j = to_gradescope(SampleReport(), 1, [&](const Check& c) {
    rendered.push_back(c.name);
    return "<article>" + c.name + "</article>";
  });
  EXPECT_EQ(j["tests"][0]["output_format"], "text");
  EXPECT_EQ(j["tests"][1]["output_format"], "html");
  EXPECT_EQ(j["tests"][1]["output"], "<article>" + SampleReport().exercises[0].checks[2].name + "</article>");
  EXPECT_EQ(j["tests"][2]["output_format"], "html");
  EXPECT_EQ(j["tests"][2]["output"].get<std::string>().rfind("<p>partial: 12.3 of 20 points", 0), 0u)
      << j["tests"][2]["output"];
  EXPECT_EQ(rendered.size(), 2u) << "only the checks that lost points are rendered";
  // A renderer with nothing to show (no file to quote) leaves the text.
  nlohmann::json plain = to_gradescope(SampleReport(), 1, [](const Check&) { return std::string(); });
  for (const auto& t : plain["tests"]) EXPECT_EQ(t["output_format"], "text");
}

TEST(Junit, EscapesTextAndMarksLostPointsAsFailures) {
  std::string xml = to_junit(SampleReport());
  EXPECT_NE(xml.find("<testsuite name=\"ex02 A core-bounded worker pool\" tests=\"4\" failures=\"1\" errors=\"0\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("Data race &lt;here&gt; &amp; there"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<failure type=\"race\" message=\"0 of 10 points\">"
                     "solutions/02_worker_pool/worker_pool.cpp:41: 0 of 10 points\n"),
            std::string::npos)
      << "where to look opens the body, as file:line: " << xml;
  EXPECT_NE(xml.find("name=\"WorkerPool.SizeIsTheWorkerCount\" time=\"0.000\"/>"), std::string::npos) << xml;
}

TEST(Junit, APartialCheckHasNoFailureButItsPointsAndWords) {
  std::string xml = to_junit(SampleReport());
  auto at = xml.find("name=\"performance\"");
  ASSERT_NE(at, std::string::npos) << xml;
  std::string testcase = xml.substr(at, xml.find("</testcase>", at) - at);
  EXPECT_EQ(testcase.find("<failure"), std::string::npos) << testcase;
  EXPECT_NE(testcase.find("<system-out>partial: 12.3 of 20 points"), std::string::npos) << testcase;
  Report failing = SampleReport();
  failing.exercises[0].checks[3].status = CheckStatus::kFail;
  EXPECT_NE(to_junit(failing).find("message=\"12.3 of 20 points\""), std::string::npos)
      << "the same points from a check that found a fault are a failure";
}

TEST(Junit, TimesAreTheTestsOwnAndAddUp) {
  Report r = SampleReport();
  r.exercises[0].checks[1].seconds = 1.25;
  r.exercises[0].performance->seconds = 30.5;
  std::string xml = to_junit(r);
  EXPECT_NE(xml.find("name=\"WorkerPool.SizeIsTheWorkerCount\" time=\"1.250\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("name=\"performance\" time=\"30.500\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("skipped=\"0\" time=\"31.750\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<testsuites name=\"solutions\" tests=\"4\" failures=\"1\" errors=\"0\" time=\"31.750\">"),
            std::string::npos)
      << xml;
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

// The rules of the Jenkins xUnit plugin's junit-10.xsd (the schema its
// current release validates a report against), restated here from its
// documented elements and attributes: <testsuites> holds <testsuite>s;
// a <testsuite> must have name, tests, failures and errors and may have only
// the attributes listed; a <testcase> must have a name and may have only
// name, classname, time and group (no file, no line); times match its
// SUREFIRE_TIME pattern. What xmllint checks a report against below.
constexpr const char* kJunit10Rules = R"(<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="seconds">
    <xs:restriction base="xs:string"><xs:pattern value="(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?"/></xs:restriction>
  </xs:simpleType>
  <xs:complexType name="outcome" mixed="true">
    <xs:attribute name="type" type="xs:string"/>
    <xs:attribute name="message" type="xs:string"/>
  </xs:complexType>
  <xs:element name="failure" type="outcome"/>
  <xs:element name="error" type="outcome"/>
  <xs:element name="skipped" type="outcome"/>
  <xs:element name="system-out" type="xs:string"/>
  <xs:element name="system-err" type="xs:string"/>
  <xs:element name="property">
    <xs:complexType>
      <xs:attribute name="name" type="xs:string" use="required"/>
      <xs:attribute name="value" type="xs:string" use="required"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="properties">
    <xs:complexType><xs:sequence><xs:element ref="property" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
  </xs:element>
  <xs:element name="testcase">
    <xs:complexType>
      <xs:choice minOccurs="0" maxOccurs="unbounded">
        <xs:element ref="skipped"/>
        <xs:element ref="error"/>
        <xs:element ref="failure"/>
        <xs:element ref="system-out"/>
        <xs:element ref="system-err"/>
      </xs:choice>
      <xs:attribute name="name" type="xs:string" use="required"/>
      <xs:attribute name="classname" type="xs:string"/>
      <xs:attribute name="time" type="xs:string"/>
      <xs:attribute name="group" type="xs:string"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="testsuite">
    <xs:complexType>
      <xs:choice minOccurs="0" maxOccurs="unbounded">
        <xs:element ref="testsuite"/>
        <xs:element ref="properties"/>
        <xs:element ref="testcase"/>
        <xs:element ref="system-out"/>
        <xs:element ref="system-err"/>
      </xs:choice>
      <xs:attribute name="name" type="xs:string" use="required"/>
      <xs:attribute name="tests" type="xs:string" use="required"/>
      <xs:attribute name="failures" type="xs:string" use="required"/>
      <xs:attribute name="errors" type="xs:string" use="required"/>
      <xs:attribute name="skipped" type="xs:string"/>
      <xs:attribute name="time" type="seconds"/>
      <xs:attribute name="timestamp" type="xs:string"/>
      <xs:attribute name="hostname" type="xs:string"/>
      <xs:attribute name="id" type="xs:string"/>
      <xs:attribute name="package" type="xs:string"/>
      <xs:attribute name="group" type="xs:string"/>
      <xs:attribute name="file" type="xs:string"/>
      <xs:attribute name="log" type="xs:string"/>
      <xs:attribute name="url" type="xs:string"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="testsuites">
    <xs:complexType>
      <xs:sequence><xs:element ref="testsuite" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
      <xs:attribute name="name" type="xs:string"/>
      <xs:attribute name="time" type="seconds"/>
      <xs:attribute name="tests" type="xs:string"/>
      <xs:attribute name="failures" type="xs:string"/>
      <xs:attribute name="errors" type="xs:string"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
)";

// xmllint's verdict on a document against those rules: "" when it validates.
class Junit10Schema : public testing::Test {
 protected:
  void SetUp() override {
    if (std::system("xmllint --version >/dev/null 2>&1") != 0)
      GTEST_SKIP() << "no xmllint (apt package libxml2-utils, in .ci/deps)";
    write_file(dir_.path() / "junit-10.xsd", kJunit10Rules);
  }
  std::string Validate(const std::string& xml, const std::string& name) {
    auto file = dir_.path() / (name + ".xml");
    auto log = dir_.path() / (name + ".log");
    write_file(file, xml);
    std::string command = "xmllint --noout --schema '" + (dir_.path() / "junit-10.xsd").string() + "' '" +
                          file.string() + "' >'" + log.string() + "' 2>&1";
    if (std::system(command.c_str()) == 0) return "";
    std::ifstream in(log);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  ScratchDir dir_{"junit10"};
};

// The reports of a reference (every point), a stub (not implemented, 0),
// a partial one (race-free scaled with the tests passed) and a test that
// printed Latin-1, as the grader builds them.
Report ReferenceLike() {
  Report r = SampleReport();
  ExerciseResult& e = r.exercises[0];
  e.status = ExerciseStatus::kPass;
  for (auto& c : e.checks) {
    c.status = CheckStatus::kPass;
    c.points = c.max_points;
    c.file.clear();
    c.seconds = 0.042;
  }
  return r;
}

Report StubLike() {
  Report r = SampleReport();
  ExerciseResult& e = r.exercises[0];
  e.status = ExerciseStatus::kNotImplemented;
  for (auto& c : e.checks) {
    if (c.kind == CheckKind::kBuild) continue;
    c.status = c.kind == CheckKind::kCorrectness ? CheckStatus::kFail : CheckStatus::kSkipped;
    c.points = 0;
    c.message = "not implemented yet: NotImplemented thrown";
  }
  return r;
}

Report PartialLike() {
  Report r = SampleReport();
  Check& race = r.exercises[0].checks[2];
  race.status = CheckStatus::kPartial;
  race.points = 10 * 0.693;
  race.message = "ThreadSanitizer reported no data race. Earned in proportion to the tests passed: 69% of 10 points.";
  return r;
}

TEST_F(Junit10Schema, TheRulesRefuseWhatTheSchemaRefuses) {
  // The test can fail: what the issue saw rejected is rejected here too.
  std::string no_errors = "<testsuites><testsuite name=\"ex01\" tests=\"1\" failures=\"0\">"
                          "<testcase name=\"a\"/></testsuite></testsuites>";
  EXPECT_NE(Validate(no_errors, "no_errors"), "");
  std::string file_on_case = "<testsuites><testsuite name=\"ex01\" tests=\"1\" failures=\"0\" errors=\"0\">"
                             "<testcase name=\"a\" file=\"x.cpp\"/></testsuite></testsuites>";
  EXPECT_NE(Validate(file_on_case, "file_on_case"), "");
  std::string comma_time = "<testsuites><testsuite name=\"ex01\" tests=\"1\" failures=\"0\" errors=\"0\" "
                           "time=\"NaN\"><testcase name=\"a\"/></testsuite></testsuites>";
  EXPECT_NE(Validate(comma_time, "nan_time"), "");
}

TEST_F(Junit10Schema, EveryKindOfReportValidates) {
  EXPECT_EQ(Validate(to_junit(ReferenceLike()), "reference"), "");
  EXPECT_EQ(Validate(to_junit(StubLike()), "stub"), "");
  EXPECT_EQ(Validate(to_junit(PartialLike()), "partial"), "");
  EXPECT_EQ(Validate(to_junit(HostileReport()), "latin1"), "");
  Report two = SampleReport();
  two.exercises.push_back(StubLike().exercises[0]);
  two.exercises.back().id = "03";
  EXPECT_EQ(Validate(to_junit(two), "two_exercises"), "");
}

}  // namespace
}  // namespace grader
