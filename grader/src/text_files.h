// Small file helpers the grader uses everywhere.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace grader {

// The file's content, at most max_bytes of it ("" when it does not exist).
std::string read_file(const std::filesystem::path& path, std::size_t max_bytes = 16 << 20);

// Writes content unless the file already holds exactly that, so that
// timestamps (and the builds that watch them) only move on real change.
void write_if_changed(const std::filesystem::path& path, const std::string& content);

// Writes through a temporary file and a rename: readers never see half a file.
void write_atomically(const std::filesystem::path& path, const std::string& content);

}  // namespace grader
