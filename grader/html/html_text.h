// Student bytes as HTML: every piece of text the HTML reports show (a
// check's message, a thread's name in a timeline, a line of the student's
// code) goes through html_text(), so that no byte a submission produced can
// add markup, a script or a link to a page a person opens in a browser.
//
// Pure functions, thread-safe, never throw but std::bad_alloc.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace grader {

// At most max_bytes of `text` (json_text.h's bounded_text), made valid UTF-8
// with only characters XML allows (xml_safe), with & < > " ' escaped: safe
// inside an element and inside a quoted attribute alike.
std::string html_text(std::string_view text, std::size_t max_bytes = 32 << 10);

// A number for an SVG coordinate or attribute: fixed, two decimals, never
// "nan" or "inf" (0 instead), so that no figure can break the markup.
std::string svg_number(double value);

}  // namespace grader
