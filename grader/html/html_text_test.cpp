#include "html_text.h"

#include <cmath>

#include <gtest/gtest.h>

namespace grader {
namespace {

TEST(HtmlText, EscapesMarkupInElementsAndAttributes) {
  EXPECT_EQ(html_text("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
}

TEST(HtmlText, ReplacesInvalidUtf8AndControlCharacters) {
  std::string out = html_text(std::string("a\xff"
                                          "b\x1b[2Jc"));
  EXPECT_EQ(out.find('\xff'), std::string::npos);
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_NE(out.find("\xef\xbf\xbd"), std::string::npos) << out;  // U+FFFD
}

TEST(HtmlText, IsBounded) {
  std::string out = html_text(std::string(100000, 'a'), 1000);
  EXPECT_LT(out.size(), 1200u);
}

TEST(HtmlText, SvgNumbersAreAlwaysNumbers) {
  EXPECT_EQ(svg_number(1.5), "1.50");
  EXPECT_EQ(svg_number(NAN), "0.00");
  EXPECT_EQ(svg_number(INFINITY), "0.00");
}

}  // namespace
}  // namespace grader
