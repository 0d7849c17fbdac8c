#include "class_index.h"

#include <gtest/gtest.h>

namespace grader {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::vector<StudentResult> a_class() {
  return {
      {"ann", BatchStatus::kGraded, "", 10, {{"01", 100, 100, "pass", 2e6, 1e6, 3e6}, {"02", 50, 100, "fail"}}},
      {"<b>bob</b> & co", BatchStatus::kGraded, "", 10, {{"01", 40, 100, "fail", 1e6, 1e6, 1e6}}},
  };
}

TEST(ClassIndex, OneRowPerStudentLinkedToTheirReport) {
  std::string html = render_class_index(a_class(), {"01", "02"});
  EXPECT_EQ(count(html, "<tr><td><a href="), 2u);
  EXPECT_NE(html.find("href=\"reports/ann.html\""), std::string::npos);
  EXPECT_NE(html.find("href=\"reports/%3Cb%3Ebob%3C%2Fb%3E%20%26%20co.html\""), std::string::npos);
  EXPECT_EQ(html.find("<b>bob"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;bob&lt;/b&gt; &amp; co"), std::string::npos);
}

TEST(ClassIndex, SpeedIsTheReferencesTimeOverTheStudents) {
  std::string html = render_class_index(a_class(), {"01", "02"});
  EXPECT_NE(html.find(">0.50x<"), std::string::npos);  // ann: twice the reference's time
  EXPECT_NE(html.find(">1.00x<"), std::string::npos);
}

TEST(ClassIndex, DrawsTheScoreBandsAndSpeedAsBars) {
  std::string html = render_class_index(a_class(), {"01", "02"});
  // The class summary's plots (class_plots), the SVG files' charts too.
  EXPECT_EQ(count(html, "<svg class=\"chart bar-chart\""), 3u);
  EXPECT_NE(html.find("Scores per exercise"), std::string::npos);
  EXPECT_NE(html.find("Speed relative to the reference"), std::string::npos);
  EXPECT_NE(html.find("Own speedup"), std::string::npos);
  // The table is all there without the script: sorting only reorders it.
  EXPECT_LT(html.find("</table>"), html.find("<script>"));
}

TEST(UrlSegment, EncodesEverythingButSafeBytes) {
  EXPECT_EQ(url_segment("a-b_c.d"), "a-b_c.d");
  EXPECT_EQ(url_segment("../x"), "..%2Fx");
  EXPECT_EQ(url_segment("\"'>"), "%22%27%3E");
}

}  // namespace
}  // namespace grader
