// HttpServer: HTTP/1.1 with keep-alive on Boost.Beast, a fixed pool of threads, request size
// and time limits, and graceful shutdown (stop accepting, let in-flight requests finish,
// close idle connections).
//
// The server is the boundary for bytes: a target that is not UTF-8 or holds a control
// character is answered 400 before any handler sees it, and a response header holding a
// control character (CR, LF, NUL, tab, ...) is never sent: the response becomes a 500.
//
// The handler runs on a server thread, or on a thread of the apart pool for the requests
// ServerOptions::runs_apart names, and may block briefly (database work); it must be
// thread-safe. A request may first wait for admission (ServerOptions::admit) without holding
// a thread. Shutdown() may be called from any thread or a signal handler's strand.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "api/http.h"
#include "core/result.h"

namespace hoshitori::api {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port
  int threads = 2;
  size_t body_limit = 1 << 20;   // bytes; larger bodies get 413
  // Requests `accepts_large_body` says yes to (by method and target, before the body is read)
  // may have bodies up to `large_body_limit` instead (evidence uploads). Connections only:
  // ServeRawRequest applies body_limit to every request.
  size_t large_body_limit = 0;
  std::function<bool(std::string_view method, std::string_view target)> accepts_large_body;
  std::chrono::seconds read_timeout{30};   // to receive one whole request
  std::chrono::seconds write_timeout{30};
  // Log to stderr (one JSON line each, like ApiApp's access log) the requests the server
  // answers itself: malformed HTTP, bodies over the limit, targets that are not UTF-8 or
  // hold control characters, handler failures and unsafe response headers.
  bool access_log = true;
  // Optional: whether a request may be answered yet (the read barrier of several nodes,
  // ChangeFollower). Called on a server thread with each well-formed request before the
  // handler; it must call `then` exactly once, from any thread: with no response to have the
  // handler answer, or with the response to send instead. The connection waits meanwhile
  // without holding a server thread. Connections only: ServeRawRequest does not admit.
  using Then = std::function<void(std::optional<HttpResponse> refusal)>;
  std::function<void(const HttpRequest& request, Then then)> admit;
  // Optional: requests `runs_apart` says yes to (writes, which mostly wait for the database)
  // are answered on a pool of `apart_threads` threads of their own, so that the server
  // threads go on answering the other requests meanwhile. Connections only.
  int apart_threads = 0;
  std::function<bool(const HttpRequest& request)> runs_apart;
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

// One request through the server's whole pipeline without a socket: `bytes` are parsed as
// HTTP/1.1 with the limits of `options`, converted, answered by `handler` and checked like
// a connection does it. Returns the response as it would go on the wire, or "" when
// `bytes` hold no complete request. For fuzz targets and tests.
std::string ServeRawRequest(std::string_view bytes, const ServerOptions& options,
                            const HttpServer::RequestHandler& handler);

}  // namespace hoshitori::api
