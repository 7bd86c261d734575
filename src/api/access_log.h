// The access log: one JSON line per answered request, on standard error, written in batches.
//
// A request used to write its line itself, one write(2) per request under a process-wide
// mutex: about 5 % of the server's CPU under load, and every request thread queued on that
// mutex. Lines now go to a buffer, and one background thread writes the buffer out at most
// every 100 ms (like nginx's `access_log ... buffer= flush=`). Order is kept: lines are
// written in the order they were added. A full buffer (256 KiB) is written by the request that
// fills it, so memory stays bounded whatever the load. The buffer is written out when the
// process ends normally (Flush() at shutdown, and the log's destructor); a crash loses at most
// the last 100 ms of lines.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace hoshitori::api {

class AccessLog {
 public:
  // The process's log (standard error is one per process).
  static AccessLog& Standard();

  // A log written to `fd` (tests; the server uses Standard()).
  explicit AccessLog(int fd);

  // Adds one line (which ends in '\n').
  void Add(std::string_view line);
  // Writes out every line added so far.
  void Flush();

  ~AccessLog();

 private:
  void WriteOut(std::string& batch);
  void Run();

  const int fd_;
  std::mutex mutex_;        // guards buffer_, stop_
  std::mutex write_mutex_;  // one batch written at a time, in order
  std::condition_variable wake_;
  std::string buffer_;
  bool stop_ = false;
  std::thread writer_;
};

}  // namespace hoshitori::api
