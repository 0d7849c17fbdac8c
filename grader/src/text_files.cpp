#include "text_files.h"

#include <fstream>
#include <iterator>

#include "grading_error.h"

namespace grader {

std::string read_file(const std::filesystem::path& path, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::string content(max_bytes, '\0');
  in.read(content.data(), static_cast<std::streamsize>(max_bytes));
  content.resize(static_cast<std::size_t>(in.gcount()));
  return content;
}

void write_if_changed(const std::filesystem::path& path, const std::string& content) {
  if (std::filesystem::exists(path) && read_file(path, content.size() + 1) == content) return;
  write_atomically(path, content);
}

void write_atomically(const std::filesystem::path& path, const std::string& content) {
  auto temp = path;
  temp += ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.flush()) throw GradingError("cannot write " + temp.string());
  }
  std::filesystem::rename(temp, path);
}

}  // namespace grader
