// Exports that cannot be turned against their reader or the server: every formula-starting
// cell defused in CSV; xlsx written through a private temporary file, never a guessable one.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "web/table_export.h"

namespace hoshitori::web {
namespace {

TEST(TableExportSafety, CsvDefusesTabAndCarriageReturnToo) {
  const ExportTable table{"s", {"a"}, {{"\t=1+1"}, {"\r=1+1"}, {"+81 3"}, {"-1"}, {"@SUM(A1)"}, {"plain"}}, {}};
  const std::string csv = ToCsv(table);
  EXPECT_EQ(csv.substr(3),
            "a\r\n"
            "'\t=1+1\r\n"
            "\"'\r=1+1\"\r\n"
            "'+81 3\r\n"
            "'-1\r\n"
            "'@SUM(A1)\r\n"
            "plain\r\n");
}

// Points TMPDIR at a fresh directory for the duration of one test.
class PrivateTmpDir {
 public:
  PrivateTmpDir() {
    path_ = std::filesystem::temp_directory_path() / ("hoshitori-export-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
    const char* old = std::getenv("TMPDIR");
    if (old) old_ = old;
    ::setenv("TMPDIR", path_.c_str(), 1);
  }
  ~PrivateTmpDir() {
    if (old_.empty()) ::unsetenv("TMPDIR");
    else ::setenv("TMPDIR", old_.c_str(), 1);
    std::filesystem::remove_all(path_);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::string old_;
};

TEST(TableExportSafety, XlsxNeverWritesThroughAGuessableName) {
  PrivateTmpDir tmp;
  // Another local user plants links at every name the old scheme (pid and a counter) would
  // use, pointing at a file of the server's user.
  const auto victim = tmp.path() / "victim.txt";
  std::ofstream(victim) << "precious";
  for (int i = 0; i < 200; ++i) {
    std::filesystem::create_symlink(
        victim, tmp.path() / ("hoshitori-export-" + std::to_string(::getpid()) + "-" + std::to_string(i) + ".xlsx"));
  }
  const ExportTable table{"s", {"a"}, {{"1"}}, {}};
  for (int i = 0; i < 3; ++i) {
    const auto bytes = ToXlsx(table);
    ASSERT_TRUE(bytes.ok()) << bytes.error().message;
    EXPECT_EQ(bytes->substr(0, 2), "PK");
  }
  std::ifstream in(victim);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "precious");
  // Nothing is left behind: only the victim and the planted links remain.
  int left = 0;
  for (const auto& entry : std::filesystem::directory_iterator(tmp.path())) left += !entry.is_symlink();
  EXPECT_EQ(left, 1);
}

}  // namespace
}  // namespace hoshitori::web
