#include "json_text.h"

#include <random>

#include <gtest/gtest.h>

namespace grader {
namespace {

const std::string kFffd = "\xEF\xBF\xBD";

TEST(ValidUtf8, KeepsValidTextAsItIs) {
  std::string text = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \ttab\nline";
  EXPECT_EQ(valid_utf8(text), text);
  EXPECT_EQ(valid_utf8(""), "");
}

TEST(ValidUtf8, ReplacesEachInvalidSequenceWithOneReplacementCharacter) {
  EXPECT_EQ(valid_utf8("a\xFF\xFE"
                       "b"),
            "a" + kFffd + kFffd + "b");
  EXPECT_EQ(valid_utf8("caf\xE9"), "caf" + kFffd) << "Latin-1 is not UTF-8";
  EXPECT_EQ(valid_utf8("\xC3("), kFffd + "(") << "a lead byte without its continuation";
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), kFffd + kFffd + kFffd) << "an encoded surrogate";
  EXPECT_EQ(valid_utf8("\xC0\xAF"), kFffd + kFffd) << "an overlong '/'";
  EXPECT_EQ(valid_utf8("\xF4\x90\x80\x80"), kFffd + kFffd + kFffd + kFffd) << "past U+10FFFF";
  EXPECT_EQ(valid_utf8("\xE2\x82"), kFffd) << "a truncated sequence is one maximal subpart";
  EXPECT_EQ(valid_utf8(std::string("a\0b", 3)), std::string("a\0b", 3)) << "NUL is valid UTF-8";
}

TEST(ValidUtf8, RandomBytesAlwaysBecomeTextThatJsonAccepts) {
  std::mt19937 random(12345);
  for (int round = 0; round < 200; ++round) {
    std::string bytes(1 + random() % 300, '\0');
    for (auto& b : bytes) b = static_cast<char>(random());
    std::string text = valid_utf8(bytes);
    EXPECT_EQ(valid_utf8(text), text) << "the result is valid UTF-8 itself";
    nlohmann::json j = text;
    EXPECT_NO_THROW((void)j.dump()) << "nlohmann's strict dump accepts it";
  }
}

TEST(DumpJson, WritesInvalidUtf8AsReplacementCharacters) {
  nlohmann::json j = {{"message", "printed \xFF\xFE and caf\xE9"}};
  EXPECT_THROW((void)j.dump(), nlohmann::json::type_error) << "the crash this function exists for";
  std::string text = dump_json(j, 2);
  nlohmann::json back = nlohmann::json::parse(text);
  EXPECT_EQ(back["message"], "printed " + kFffd + kFffd + " and caf" + kFffd);
}

TEST(BoundedText, KeepsShortTextAndCutsLongTextAtACharacterSaying) {
  EXPECT_EQ(bounded_text("short", 10), "short");
  std::string euros;
  for (int i = 0; i < 100; ++i) euros += "\xE2\x82\xAC";  // 3 bytes each
  std::string cut = bounded_text(euros, 50);
  EXPECT_EQ(cut.substr(0, 48), euros.substr(0, 48)) << "cut before the character that does not fit";
  EXPECT_EQ(valid_utf8(cut), cut);
  EXPECT_NE(cut.find("252 bytes more were cut"), std::string::npos) << cut;
}

TEST(BoundedText, AFourMegabyteLineBecomesAReadableMessage) {
  std::string huge(4 << 20, 'x');
  std::string cut = bounded_text(huge, kMaxMessageBytes);
  EXPECT_LT(cut.size(), kMaxMessageBytes + 200);
  EXPECT_NE(cut.find("bytes more were cut"), std::string::npos);
}

TEST(TerminalSafe, EscapesWhatWouldActOnTheTerminal) {
  EXPECT_EQ(terminal_safe("line\n\ttab"), "line\n\ttab");
  EXPECT_EQ(terminal_safe("\x1b[2J\x07\r\x7f"), "\\x1B[2J\\x07\\x0D\\x7F");
  EXPECT_EQ(terminal_safe("\xC2\x9B"
                          "31m"),
            "\\u{9B}31m")
      << "C1 CSI";
  EXPECT_EQ(terminal_safe("a\xE2\x80\xAE"
                          "b"),
            "a\\u{202E}b")
      << "a right-to-left override";
  EXPECT_EQ(terminal_safe("caf\xC3\xA9 \xFF"), "caf\xC3\xA9 " + kFffd);
}

TEST(XmlSafe, KeepsOnlyWhatXml10Allows) {
  EXPECT_EQ(xml_safe("a\tb\nc\rd"), "a\tb\nc\rd");
  EXPECT_EQ(xml_safe(std::string("\0\x01\x1b", 3)), "\\x00\\x01\\x1B");
  EXPECT_EQ(xml_safe("\xEF\xBF\xBE"), "\\u{FFFE}");
  EXPECT_EQ(xml_safe("\xFF"), kFffd);
  EXPECT_EQ(xml_safe("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");
}

TEST(XmlEscape, EscapesMarkupAfterMakingTheTextXml) {
  EXPECT_EQ(xml_escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(xml_escape(std::string("\0<\xFF", 3)), "\\x00&lt;" + kFffd);
}

}  // namespace
}  // namespace grader
