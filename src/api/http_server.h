// HttpServer: HTTP/1.1 with keep-alive on Boost.Beast, a fixed pool of threads, request size
// and time limits, and graceful shutdown (stop accepting, let in-flight requests finish,
// close idle connections).
//
// The handler runs on a server thread and may block briefly (database work); it must be
// thread-safe. Shutdown() may be called from any thread or a signal handler's strand.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api/http.h"
#include "core/result.h"

namespace hoshitori::api {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port
  int threads = 2;
  size_t body_limit = 1 << 20;   // bytes; larger bodies get 413
  std::chrono::seconds read_timeout{30};   // to receive one whole request
  std::chrono::seconds write_timeout{30};
};

class HttpServer {
 public:
  using RequestHandler = std::function<HttpResponse(HttpRequest&)>;

  HttpServer(ServerOptions options, RequestHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens. Returns the port actually bound.
  Result<uint16_t> Listen();
  // Serves until Shutdown() has completed; also shuts down on SIGINT/SIGTERM when
  // `handle_signals` is true. Blocks the calling thread (which serves too).
  void Run(bool handle_signals);
  // Starts a graceful shutdown. Idempotent.
  void Shutdown();

  int active_connections() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace hoshitori::api
