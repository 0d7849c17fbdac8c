#include "html_text.h"

#include <cmath>

#include <fmt/format.h>

#include "json_text.h"

namespace grader {

std::string html_text(std::string_view text, std::size_t max_bytes) {
  std::string safe = xml_safe(bounded_text(text, max_bytes));
  std::string out;
  out.reserve(safe.size() + safe.size() / 8);
  for (char c : safe) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string svg_number(double value) {
  if (!std::isfinite(value)) value = 0;
  return fmt::format("{:.2f}", value);
}

}  // namespace grader
