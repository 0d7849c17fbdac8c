#include "preprocessed_scan.h"

#include <cctype>
#include <string_view>

namespace grader {
namespace {

constexpr const char* kAsm =
    "inline assembly is not allowed in this course: it can make system calls, embed files and touch memory "
    "that ThreadSanitizer cannot see. Write the code in C++ (std::atomic for lock-free code).";
constexpr const char* kNoSanitize =
    "switching ThreadSanitizer off for your code is not allowed: a race in it would go unreported. Remove the "
    "attribute; if ThreadSanitizer reports a race there, fix the race.";
constexpr const char* kPlacement =
    "this attribute places code or data where the grader does not look, or runs it before the course's own "
    "start-up, and is not allowed in this course. Remove it: ordinary functions and variables are all you need.";

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// What `word` is refused for, or nullptr. `in_attribute`: the word stands
// inside __attribute__((...)) or [[...]].
const char* refusal(std::string_view word, bool in_attribute) {
  if (word == "asm" || word == "__asm" || word == "__asm__") return kAsm;
  if (!in_attribute) return nullptr;
  std::string_view bare = word;
  if (bare.size() > 4 && bare.starts_with("__") && bare.ends_with("__")) bare = bare.substr(2, bare.size() - 4);
  if (bare.starts_with("no_sanitize") || bare == "disable_sanitizer_instrumentation") return kNoSanitize;
  for (std::string_view placement : {"section", "ifunc", "alias", "weakref", "naked", "symver"})
    if (bare == placement) return kPlacement;
  return nullptr;
}

class Scanner {
 public:
  Scanner(std::string_view text, std::string_view student_dir) : text_(text), student_dir_(student_dir) {}

  std::vector<BannedUse> run() {
    bool line_start = true;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\n') {
        ++pos_;
        ++line_;
        line_start = true;
        continue;
      }
      if (line_start && c == '#') {
        directive();
        continue;
      }
      if (c != ' ' && c != '\t') line_start = false;
      if (c == '"' || c == '\'') {
        quoted(c);
      } else if (c == 'R' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
        raw_string();
      } else if (ident_start(c)) {
        identifier();
      } else if (std::isdigit(static_cast<unsigned char>(c))) {
        while (pos_ < text_.size() && (ident_char(text_[pos_]) || text_[pos_] == '.' || text_[pos_] == '\'')) ++pos_;
      } else {
        punctuation(c);
        ++pos_;
      }
    }
    return std::move(found_);
  }

 private:
  // A line marker `# 12 "file" 2` sets where the next line comes from;
  // other directives (#pragma) are skipped.
  void directive() {
    std::size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    std::string_view line = text_.substr(pos_, end - pos_);
    pos_ = end;
    std::size_t i = 1;
    while (i < line.size() && line[i] == ' ') ++i;
    if (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) {
      int number = 0;
      while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i])) && number < 100000000)
        number = number * 10 + (line[i++] - '0');
      std::size_t open = line.find('"', i);
      std::size_t close = open == std::string_view::npos ? open : line.find('"', open + 1);
      if (close != std::string_view::npos) {
        file_ = std::string(line.substr(open + 1, close - open - 1));
        student_ = !student_dir_.empty() && std::string_view(file_).starts_with(student_dir_);
      }
      line_ = number - 1;  // the newline that ends the marker makes it `number`
    }
  }

  void quoted(char quote) {
    for (++pos_; pos_ < text_.size() && text_[pos_] != quote && text_[pos_] != '\n'; ++pos_)
      if (text_[pos_] == '\\') ++pos_;
    ++pos_;
  }

  // R"delim( ... )delim": may span lines, whose count is kept.
  void raw_string() {
    std::size_t open = text_.find('(', pos_ + 2);
    if (open == std::string_view::npos || open - pos_ - 2 > 16) {
      pos_ += 2;
      return;
    }
    std::string close = ")" + std::string(text_.substr(pos_ + 2, open - pos_ - 2)) + "\"";
    std::size_t end = text_.find(close, open);
    end = end == std::string_view::npos ? text_.size() : end + close.size();
    for (std::size_t i = pos_; i < end; ++i)
      if (text_[i] == '\n') ++line_;
    pos_ = end;
  }

  void identifier() {
    std::size_t start = pos_;
    while (pos_ < text_.size() && ident_char(text_[pos_])) ++pos_;
    std::string_view word = text_.substr(start, pos_ - start);
    // A string prefix (u8R"...", LR"...") is part of the literal.
    if (pos_ < text_.size() && text_[pos_] == '"' && word.back() == 'R') {
      --pos_;
      raw_string();
      return;
    }
    if (word == "__attribute__" || word == "__attribute") {
      attribute_pending_ = true;
      return;
    }
    if (!student_) return;
    if (const char* why = refusal(word, attribute_depth_ > 0 || bracket_attribute_)) {
      found_.push_back({file_, line_, std::string(why) + " (found: " + std::string(word) + ")"});
    }
  }

  void punctuation(char c) {
    if (c == '(') {
      if (attribute_pending_ || attribute_depth_ > 0) ++attribute_depth_;
      attribute_pending_ = false;
    } else if (c == ')') {
      if (attribute_depth_ > 0) --attribute_depth_;
    } else if (c == '[' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '[') {
      bracket_attribute_ = true;
      ++pos_;
    } else if (c == ']' && bracket_attribute_ && pos_ + 1 < text_.size() && text_[pos_ + 1] == ']') {
      bracket_attribute_ = false;
      ++pos_;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      attribute_pending_ = false;
    }
  }

  std::string_view text_;
  std::string_view student_dir_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::string file_;
  bool student_ = false;
  bool attribute_pending_ = false;  // __attribute__ seen, its "(" not yet
  int attribute_depth_ = 0;         // parentheses open inside __attribute__((...))
  bool bracket_attribute_ = false;  // inside [[...]]
  std::vector<BannedUse> found_;
};

}  // namespace

std::vector<BannedUse> scan_preprocessed(const std::string& preprocessed, const std::string& student_dir) {
  return Scanner(preprocessed, student_dir).run();
}

}  // namespace grader
