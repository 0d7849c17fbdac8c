#include "text_files.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>

#include "test_support.h"

namespace grader {
namespace {

namespace fs = std::filesystem;

class TextFiles : public testing::Test {
 protected:
  void SetUp() override { dir_ = fresh_test_dir("text_files"); }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& content) {
    std::ofstream(dir_ / name, std::ios::binary) << content;
    return dir_ / name;
  }
  fs::path dir_;
};

TEST_F(TextFiles, ReadsARegularFileAndSaysWhenItHeldMore) {
  fs::path file = write("output.txt", "hello world");
  FileRead all = read_untrusted(file, 100);
  EXPECT_TRUE(all.ok());
  EXPECT_EQ(all.content, "hello world");
  EXPECT_FALSE(all.truncated);
  FileRead part = read_untrusted(file, 5);
  EXPECT_EQ(part.content, "hello");
  EXPECT_TRUE(part.truncated);
  FileRead exact = read_untrusted(file, 11);
  EXPECT_FALSE(exact.truncated);
}

TEST_F(TextFiles, AnOversizeFileIsReadOnlyUpToItsBound) {
  fs::path file = write("big.txt", std::string(3 << 20, 'x'));
  FileRead read = read_untrusted(file, 1 << 20);
  EXPECT_EQ(read.content.size(), 1u << 20);
  EXPECT_TRUE(read.truncated);
}

TEST_F(TextFiles, AMissingFileIsRefusedAsMissing) {
  FileRead read = read_untrusted(dir_ / "nope", 100);
  EXPECT_EQ(read.refusal, Refusal::kMissing);
  EXPECT_EQ(read.reason, "does not exist");
}

TEST_F(TextFiles, ASymbolicLinkIsNeverFollowed) {
  fs::path secret = write("hidden_test.cpp", "the hidden tests");
  fs::create_symlink(secret, dir_ / "output.txt");
  FileRead read = read_untrusted(dir_ / "output.txt", 100);
  EXPECT_EQ(read.refusal, Refusal::kSymlink);
  EXPECT_EQ(read.content, "") << "nothing of the link's target is read";
  EXPECT_EQ(refusal_message("its output file output.txt", read),
            "its output file output.txt was replaced by a symbolic link, which the grader does not follow");
  fs::create_symlink(dir_ / "nowhere", dir_ / "dangling");
  EXPECT_EQ(read_untrusted(dir_ / "dangling", 100).refusal, Refusal::kSymlink);
  EXPECT_EQ(read_file(dir_ / "output.txt"), "the hidden tests") << "the grader's own reads follow links";
}

TEST_F(TextFiles, AFifoWithNoWriterIsRefusedWithoutBlocking) {
  ASSERT_EQ(mkfifo((dir_ / "output.txt").c_str(), 0600), 0);
  // A blocking open of a FIFO with no writer never returns: this test
  // finishing is the check.
  FileRead read = read_untrusted(dir_ / "output.txt", 100);
  EXPECT_EQ(read.refusal, Refusal::kFifo);
  EXPECT_NE(read.reason.find("FIFO"), std::string::npos);
  EXPECT_EQ(read_file(dir_ / "output.txt"), "") << "nor do the grader's own reads block";
}

TEST_F(TextFiles, ADeviceIsRefused) {
  // /dev/zero never ends and /dev/tty would block: neither is a file.
  EXPECT_EQ(read_untrusted("/dev/zero", 100).refusal, Refusal::kDevice);
  EXPECT_EQ(read_untrusted("/dev/null", 100).refusal, Refusal::kDevice);
  EXPECT_EQ(read_file("/dev/zero", 100), "");
}

TEST_F(TextFiles, ADirectoryAndASocketAreRefused) {
  fs::create_directory(dir_ / "sub");
  EXPECT_EQ(read_untrusted(dir_ / "sub", 100).refusal, Refusal::kDirectory);
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(s, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::string path = (dir_ / "sock").string();
  ASSERT_LT(path.size(), sizeof address.sun_path);
  std::copy(path.begin(), path.end(), address.sun_path);
  ASSERT_EQ(bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  EXPECT_EQ(read_untrusted(path, 100).refusal, Refusal::kSocket);
  close(s);
}

TEST_F(TextFiles, WriteAtomicallyReplacesAPlantedLinkInsteadOfWritingThroughIt) {
  fs::path victim = write("reference_binary", "precious");
  fs::create_symlink(victim, dir_ / "stacks.txt");
  write_atomically(dir_ / "stacks.txt", "the stacks");
  EXPECT_EQ(read_file(victim), "precious") << "the link's target is untouched";
  EXPECT_FALSE(fs::is_symlink(dir_ / "stacks.txt"));
  EXPECT_EQ(read_untrusted(dir_ / "stacks.txt", 100).content, "the stacks");
  EXPECT_EQ(fs::status(dir_ / "stacks.txt").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
}

TEST_F(TextFiles, WriteAtomicallyReplacesAPlantedFifoWithoutBlocking) {
  ASSERT_EQ(mkfifo((dir_ / "report.json").c_str(), 0600), 0);
  write_atomically(dir_ / "report.json", "{}");
  EXPECT_EQ(read_untrusted(dir_ / "report.json", 100).content, "{}");
}

TEST_F(TextFiles, WriteAtomicallyIgnoresALinkPlantedAtTheOldTemporaryName) {
  fs::path victim = write("victim", "precious");
  fs::create_symlink(victim, dir_ / "result.json.tmp");
  write_atomically(dir_ / "result.json", "new");
  EXPECT_EQ(read_file(victim), "precious");
  EXPECT_EQ(read_file(dir_ / "result.json"), "new");
  for (const auto& entry : fs::directory_iterator(dir_))
    EXPECT_TRUE(entry.path().filename() == "victim" || entry.path().filename() == "result.json" ||
                entry.path().filename() == "result.json.tmp")
        << "no temporary file is left behind: " << entry.path();
}

TEST_F(TextFiles, WriteAtomicallyOverADirectoryFailsWithTheReason) {
  fs::create_directory(dir_ / "out");
  fs::create_directory(dir_ / "out" / "x");
  try {
    write_atomically(dir_ / "out", "text");
    FAIL() << "a directory cannot be replaced by a file";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find(dir_.string() + "/out"), std::string::npos) << e.what();
  }
}

TEST_F(TextFiles, WriteIfChangedLeavesAnUnchangedFileAlone) {
  fs::path file = dir_ / "build.ninja";
  auto inode = [&] {
    struct stat st {};
    stat(file.c_str(), &st);
    return st.st_ino;
  };
  write_if_changed(file, "rules");
  auto first = inode();
  write_if_changed(file, "rules");
  EXPECT_EQ(inode(), first) << "the same content is not written again (a rewrite is a new file)";
  write_if_changed(file, "rules and more");
  EXPECT_NE(inode(), first);
  EXPECT_EQ(read_file(file), "rules and more");
}

}  // namespace
}  // namespace grader
