#include "api/access_log.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>

namespace hoshitori::api {

namespace {
constexpr size_t kFull = 256 * 1024;
constexpr auto kEvery = std::chrono::milliseconds(100);
}  // namespace

AccessLog& AccessLog::Standard() {
  static AccessLog log(STDERR_FILENO);
  return log;
}

AccessLog::AccessLog(int fd) : fd_(fd), writer_([this] { Run(); }) {}

AccessLog::~AccessLog() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
  writer_.join();
  Flush();
}

void AccessLog::Add(std::string_view line) {
  std::string batch;
  {
    std::lock_guard lock(mutex_);
    buffer_ += line;
    if (buffer_.size() < kFull) return;
    batch.swap(buffer_);
    // Taken before the buffer's lock is let go, so that batches are written in order.
    write_mutex_.lock();
  }
  WriteOut(batch);
  write_mutex_.unlock();
}

void AccessLog::Flush() {
  std::string batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(buffer_);
    write_mutex_.lock();
  }
  WriteOut(batch);
  write_mutex_.unlock();
}

void AccessLog::WriteOut(std::string& batch) {
  // Logging never fails a request: a write error drops the batch.
  const char* at = batch.data();
  size_t left = batch.size();
  while (left > 0) {
    const ssize_t written = ::write(fd_, at, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      return;
    }
    at += written;
    left -= static_cast<size_t>(written);
  }
}

void AccessLog::Run() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    wake_.wait_for(lock, kEvery, [this] { return stop_; });
    if (buffer_.empty()) continue;
    std::string batch;
    batch.swap(buffer_);
    write_mutex_.lock();
    lock.unlock();
    WriteOut(batch);
    write_mutex_.unlock();
    lock.lock();
  }
}

}  // namespace hoshitori::api
