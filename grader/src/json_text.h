// Student bytes as text: what a test printed, wrote or said in a failure is
// bytes, not text, and has to become text before it enters a report. These
// are the only ways the grader turns such bytes into JSON, a terminal line
// or XML, so that no byte a test produces can stop a report from being
// written (nlohmann's dump throws type_error.316 on invalid UTF-8) or
// rewrite the screen of whoever reads it.
//
// All functions are pure, thread-safe and never throw but std::bad_alloc;
// each runs in time linear in its input, with no recursion.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace grader {

// `bytes` with every sequence that is not well-formed UTF-8 (a stray
// continuation byte, a truncated sequence, an overlong form, a surrogate,
// a code point past U+10FFFF) replaced by U+FFFD, one per maximal invalid
// subpart as Unicode recommends. Valid UTF-8 comes back unchanged.
std::string valid_utf8(std::string_view bytes);

// The JSON text of `j` (indent as nlohmann's dump: -1 is one line). Invalid
// UTF-8 inside any string is written as U+FFFD instead of throwing: every
// JSON file the grader writes goes through this.
std::string dump_json(const nlohmann::json& j, int indent = -1);

// At most about `max_bytes` of `text`, cut at a character boundary, with a
// line saying how many bytes were cut. Unchanged when it fits.
std::string bounded_text(std::string_view text, std::size_t max_bytes);

// Valid UTF-8 in which no control character can act on a terminal: ESC,
// BEL, CR, backspace, DEL, the C1 controls (U+0080..U+009F) and the like
// are shown as \xHH (or \u{HH} for C1), keeping newline and tab.
std::string terminal_safe(std::string_view text);

// Valid UTF-8 holding only characters XML 1.0 allows (tab, newline,
// return, U+0020..U+D7FF, U+E000..U+FFFD, U+10000..U+10FFFF): every other
// character is shown as \xHH. Markup characters are not escaped here.
std::string xml_safe(std::string_view text);

// xml_safe()'s text with the markup characters escaped (& < > " '), for an
// element's text or a quoted attribute of XML or HTML: what JUnit and the
// HTML report write of a student's message.
std::string xml_escape(std::string_view text);

// How much of a student-facing message a report keeps (report.json, every
// platform format, the terminal): a test that fails with megabytes of text
// still leaves a report a person and a dashboard can read.
inline constexpr std::size_t kMaxMessageBytes = 32 << 10;

}  // namespace grader
