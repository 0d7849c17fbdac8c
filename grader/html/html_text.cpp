#include "html_text.h"

#include <cmath>

#include <fmt/format.h>

#include "json_text.h"

namespace grader {

std::string html_text(std::string_view text, std::size_t max_bytes) {
  return xml_escape(bounded_text(text, max_bytes));
}

std::string svg_number(double value) {
  if (!std::isfinite(value)) value = 0;
  return fmt::format("{:.2f}", value);
}

}  // namespace grader
