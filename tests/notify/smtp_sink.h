// SmtpSink: the test SMTP server (tests/notify/smtp_sink.py, Debian's python3-aiosmtpd) run
// on loopback for one test, and the messages it received, as Python's email package read
// them. Skips the test (GTEST_SKIP) when python3-aiosmtpd is not installed.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace hoshitori::testing_support {

class SmtpSink {
 public:
  // Starts the sink writing into `dir`; port() is 0 when it could not start (see error()).
  explicit SmtpSink(std::filesystem::path dir) : dir_(std::move(dir)) {
    std::filesystem::create_directories(dir_);
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(in[0], 0);
      dup2(out[1], 1);
      close(in[1]);
      close(out[0]);
      const std::string script = std::string(HOSHITORI_SOURCE_DIR) + "/tests/notify/smtp_sink.py";
      execl("/usr/bin/python3", "python3", script.c_str(), dir_.c_str(), nullptr);
      _exit(127);
    }
    close(in[0]);
    close(out[1]);
    stdin_ = in[1];
    FILE* from = fdopen(out[0], "r");
    char line[128] = {0};
    if (from && fgets(line, sizeof line, from) && std::string(line).rfind("PORT ", 0) == 0) {
      port_ = std::stoi(std::string(line + 5));
    }
    if (from) fclose(from);
  }
  ~SmtpSink() {
    if (stdin_ >= 0) close(stdin_);
    if (pid_ > 0) {
      int status = 0;
      for (int i = 0; i < 50 && waitpid(pid_, &status, WNOHANG) == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      if (waitpid(pid_, &status, WNOHANG) == 0) {
        kill(pid_, SIGTERM);
        waitpid(pid_, &status, 0);
      }
    }
  }
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  // Whether the Debian package is there (else the caller skips).
  static bool Available() {
    return std::system("/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1") == 0;
  }

  int port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

  // The messages received so far, waiting up to `timeout` for at least `count` of them.
  std::vector<nlohmann::json> Messages(
      size_t count = 0, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    std::vector<nlohmann::json> messages;
    while (true) {
      messages.clear();
      for (size_t n = 1;; ++n) {
        std::ifstream in(dir_ / (std::to_string(n) + ".json"));
        if (!in) break;
        messages.push_back(nlohmann::json::parse(in));
      }
      if (messages.size() >= count || std::chrono::steady_clock::now() > until) return messages;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  // The raw bytes of message `n` (1-based).
  std::string Raw(size_t n) const {
    std::ifstream in(dir_ / (std::to_string(n) + ".eml"), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int stdin_ = -1;
  int port_ = 0;
};

}  // namespace hoshitori::testing_support
