#include "json_text.h"

#include <fmt/format.h>

namespace grader {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr char32_t kInvalid = 0xFFFFFFFF;

bool in(unsigned char b, unsigned char lo, unsigned char hi) { return b >= lo && b <= hi; }

// The code point at bytes[i], advancing i past it; kInvalid, with i past the
// maximal subpart of an ill-formed sequence (at least one byte), when there
// is none. The ranges are Table 3-7 of the Unicode standard.
char32_t decode(std::string_view bytes, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(bytes[i++]);
  if (b0 < 0x80) return b0;
  int more = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
  char32_t cp = 0;
  if (in(b0, 0xC2, 0xDF)) {
    more = 1;
    cp = b0 & 0x1F;
  } else if (b0 == 0xE0) {
    more = 2;
    lo = 0xA0;
    cp = b0 & 0x0F;
  } else if (in(b0, 0xE1, 0xEC) || in(b0, 0xEE, 0xEF)) {
    more = 2;
    cp = b0 & 0x0F;
  } else if (b0 == 0xED) {
    more = 2;
    hi = 0x9F;
    cp = b0 & 0x0F;
  } else if (b0 == 0xF0) {
    more = 3;
    lo = 0x90;
    cp = b0 & 0x07;
  } else if (in(b0, 0xF1, 0xF3)) {
    more = 3;
    cp = b0 & 0x07;
  } else if (b0 == 0xF4) {
    more = 3;
    hi = 0x8F;
    cp = b0 & 0x07;
  } else return kInvalid;
  for (int k = 0; k < more; ++k, lo = 0x80, hi = 0xBF) {
    if (i >= bytes.size() || !in(static_cast<unsigned char>(bytes[i]), lo, hi)) return kInvalid;
    cp = (cp << 6) | (static_cast<unsigned char>(bytes[i++]) & 0x3F);
  }
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Re-encodes `bytes`, each character through `keep` (true: as it is;
// false: shown as an escape), invalid sequences as U+FFFD.
template <class Keep>
std::string transcode(std::string_view bytes, Keep keep) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t start = i;
    char32_t cp = decode(bytes, i);
    if (cp == kInvalid) append_utf8(out, kReplacement);
    else if (keep(cp)) out.append(bytes.substr(start, i - start));
    else
      out += cp < 0x80 ? fmt::format("\\x{:02X}", static_cast<unsigned>(cp))
                       : fmt::format("\\u{{{:X}}}", static_cast<unsigned>(cp));
  }
  return out;
}

}  // namespace

std::string valid_utf8(std::string_view bytes) {
  return transcode(bytes, [](char32_t) { return true; });
}

std::string dump_json(const nlohmann::json& j, int indent) {
  return j.dump(indent, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
}

std::string bounded_text(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  // Back up to the start of a character (at most 3 continuation bytes).
  for (int k = 0; k < 3 && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80; ++k) --cut;
  return fmt::format("{}\n[... {} bytes more were cut: the grader keeps the first {} KB of a message]",
                     text.substr(0, cut), text.size() - cut, max_bytes / 1024);
}

std::string terminal_safe(std::string_view text) {
  return transcode(text, [](char32_t cp) {
    if (cp == '\n' || cp == '\t') return true;
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return false;
    // Bidirectional overrides reorder what a reader sees ("Trojan Source").
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) return false;
    return true;
  });
}

std::string xml_safe(std::string_view text) {
  return transcode(text, [](char32_t cp) {
    return cp == '\t' || cp == '\n' || cp == '\r' || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
           (cp >= 0x10000 && cp <= 0x10FFFF);
  });
}

std::string xml_escape(std::string_view text) {
  std::string safe = xml_safe(text);
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

}  // namespace grader
