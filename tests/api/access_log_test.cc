// The batched access log: every line added from any thread is written, each thread's lines
// in the order it added them, by Flush() or by the background writer within its period.
#include "api/access_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace hoshitori::api {
namespace {

class AccessLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::snprintf(path_, sizeof path_, "/tmp/hoshitori-access-log-XXXXXX");
    fd_ = mkstemp(path_);
    ASSERT_GE(fd_, 0);
  }
  void TearDown() override {
    close(fd_);
    unlink(path_);
  }
  std::vector<std::string> Lines() const {
    std::ifstream in(path_);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }
  char path_[64];
  int fd_ = -1;
};

TEST_F(AccessLogTest, EveryLineFromEveryThreadIsWrittenInTheOrderEachAddedThem) {
  constexpr int kThreads = 4, kLines = 20000;  // more than one full buffer
  {
    AccessLog log(fd_);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&log, t] {
        for (int i = 0; i < kLines; ++i) {
          log.Add("{\"thread\":" + std::to_string(t) + ",\"line\":" + std::to_string(i) + "}\n");
        }
      });
    }
    for (auto& thread : threads) thread.join();
    log.Flush();
    EXPECT_EQ(Lines().size(), static_cast<size_t>(kThreads * kLines));
  }
  std::vector<int> next(kThreads, 0);
  for (const std::string& line : Lines()) {
    int thread = -1, number = -1;
    ASSERT_EQ(std::sscanf(line.c_str(), "{\"thread\":%d,\"line\":%d}", &thread, &number), 2) << line;
    ASSERT_TRUE(thread >= 0 && thread < kThreads) << line;
    EXPECT_EQ(number, next[static_cast<size_t>(thread)]++) << "out of order: " << line;
  }
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(next[static_cast<size_t>(t)], kLines);
}

TEST_F(AccessLogTest, TheBackgroundWriterWritesWithoutAFlushAndTheLogWritesTheRestWhenItEnds) {
  {
    AccessLog log(fd_);
    log.Add("{\"first\":1}\n");
    // Written within the period (100 ms); allowed far longer on a loaded machine.
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (Lines().empty() && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(Lines(), std::vector<std::string>{"{\"first\":1}"});
    log.Add("{\"last\":2}\n");
  }  // ends: the last line is written
  EXPECT_EQ(Lines(), (std::vector<std::string>{"{\"first\":1}", "{\"last\":2}"}));
}

}  // namespace
}  // namespace hoshitori::api
