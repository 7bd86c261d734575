#include "api/http_server.h"

#include "api/access_log.h"

#include <utility>

#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <list>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "store/accounts.h"

namespace hoshitori::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class Connection;

namespace {

using Message = http::request<http::string_body>;
using WireResponse = http::response<http::string_body>;

// True when `text` may stand in a header: no control character at all (CR and LF would
// split the header, NUL and tab confuse parsers and proxies).
bool SafeHeaderText(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
  }
  return true;
}

std::string JsonText(std::string_view text) {
  return nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// One access-log line for a request the server answered itself. The target is logged
// without its query (which may carry secrets), escaped whatever its bytes.
void LogAnswer(beast::string_view method_text, beast::string_view target_text, int status,
               std::chrono::steady_clock::time_point started) {
  const std::string_view method(method_text.data(), method_text.size());
  const std::string_view target(target_text.data(), target_text.size());
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  const std::string line = "{\"at\":\"" + UtcNow() + "\",\"method\":" + JsonText(method) +
                           ",\"path\":" + JsonText(target.substr(0, target.find('?'))) +
                           ",\"status\":" + std::to_string(status) + ",\"ms\":" + std::to_string(ms) +
                           ",\"user\":0,\"by\":\"server\"}\n";
  AccessLog::Standard().Add(line);
}

// `message` as the handler sees it; false when its target is malformed (`*problem` then
// holds the server's answer).
bool ToRequest(const Message& message, const std::string& remote_address, HttpRequest& request,
               HttpResponse* problem) {
  request.method = std::string(message.method_string());
  request.body = message.body();
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  request.remote_address = remote_address;
  if (!SplitTarget(std::string_view(message.target().data(), message.target().size()), request.path,
                   request.query)) {
    *problem = ProblemResponse(400, "Malformed request target",
                               "the URL path or query is not valid (bad percent-encoding, not UTF-8, or a "
                               "control character in the path)");
    return false;
  }
  return true;
}

// The handler's answer to `request`, or the server's own problem when it throws (then
// `*by_server` is set).
HttpResponse HandlerAnswer(HttpRequest& request, const HttpServer::RequestHandler& handler, bool* by_server) {
  try {
    return handler(request);
  } catch (...) {
    *by_server = true;
    return ProblemResponse(500, "Internal error", "the server could not handle this request");
  }
}

// The answer to one parsed request: the handler's, or the server's own problem when the
// target is malformed or the handler throws (then `*by_server` is set).
HttpResponse Dispatch(const Message& message, const std::string& remote_address,
                      const HttpServer::RequestHandler& handler, bool* by_server) {
  HttpRequest request;
  HttpResponse problem;
  if (!ToRequest(message, remote_address, request, &problem)) {
    *by_server = true;
    return problem;
  }
  return HandlerAnswer(request, handler, by_server);
}

// The response as it goes on the wire. A response whose status line or headers would carry
// a control character is replaced by a 500 problem (`*by_server` set): such a header is
// never emitted, whoever made it.
std::shared_ptr<WireResponse> ToWire(HttpResponse response, bool keep_alive, unsigned version, bool* by_server) {
  bool safe = SafeHeaderText(response.content_type) && response.status >= 100 && response.status <= 999;
  for (const auto& [name, value] : response.headers) {
    safe = safe && !name.empty() && SafeHeaderText(name) && name.find(':') == std::string::npos &&
           name.find(' ') == std::string::npos && SafeHeaderText(value);
  }
  if (!safe) {
    *by_server = true;
    response = ProblemResponse(500, "Internal error", "the server refused to send an unsafe response header");
  }
  auto out = std::make_shared<WireResponse>(static_cast<http::status>(response.status), version);
  out->set(http::field::server, "hoshitori");
  out->set(http::field::content_type, response.content_type);
  out->set(http::field::cache_control, "no-store");
  out->set("X-Content-Type-Options", "nosniff");
  for (const auto& [name, value] : response.headers) out->insert(name, value);
  out->body() = std::move(response.body);
  out->keep_alive(keep_alive);
  out->prepare_payload();
  return out;
}

HttpResponse ParseProblem(beast::error_code ec, size_t body_limit) {
  if (ec == http::error::body_limit) {
    return ProblemResponse(413, "Request body too large",
                           "the request body is larger than " + std::to_string(body_limit) + " bytes");
  }
  return ProblemResponse(400, "Malformed HTTP request", ec.message());
}

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  ServerOptions options;
  RequestHandler handler;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::atomic<bool> stopping{false};
  std::atomic<int> active{0};
  std::mutex mutex;
  std::list<std::weak_ptr<Connection>> connections;
  std::unique_ptr<asio::signal_set> signals;
  // Answers the requests options.runs_apart names (absent when apart_threads is 0 or
  // runs_apart is not set).
  std::unique_ptr<asio::thread_pool> apart;

  void Accept();
  void Stop();
};

// One client connection: reads requests one after another (keep-alive) and answers each.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, std::shared_ptr<HttpServer::Impl> server)
      : stream_(std::move(socket)), server_(std::move(server)) {}

  void Start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

  // Closes the connection if it is waiting for a request (called on shutdown).
  void CloseIfIdle() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) {
        beast::error_code ignored;
        self->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        self->stream_.close();
      }
    });
  }

 private:
  void Read() {
    parser_.emplace();
    // The parser refuses a Content-Length over its limit while it reads the header, so the
    // limit starts at the larger one and OnHeader applies the usual one to other requests.
    const ServerOptions& options = server_->options;
    parser_->body_limit(options.accepts_large_body ? std::max(options.body_limit, options.large_body_limit)
                                                   : options.body_limit);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(server_->options.read_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  // The header is in: a request the options do not allow a larger body is held to body_limit
  // (refused now when its Content-Length says more; a chunked body as it arrives).
  void OnHeader(beast::error_code ec) {
    if (ec) return OnRead(ec);
    const ServerOptions& options = server_->options;
    const auto& message = parser_->get();
    const bool large =
        options.accepts_large_body &&
        options.accepts_large_body(std::string_view(message.method_string().data(), message.method_string().size()),
                                   std::string_view(message.target().data(), message.target().size()));
    if (!large) {
      if (const auto length = parser_->content_length(); length && *length > options.body_limit) {
        return OnRead(http::error::body_limit);
      }
      parser_->body_limit(options.body_limit);
    }
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted ||
        ec == beast::error::timeout || ec == asio::error::connection_reset || ec == asio::error::eof) {
      return Close();
    }
    const auto started = std::chrono::steady_clock::now();
    const auto& message = parser_->get();
    if (ec) {
      const HttpResponse problem = ParseProblem(ec, server_->options.body_limit);
      if (server_->options.access_log) LogAnswer(message.method_string(), message.target(), problem.status, started);
      return Reply(problem, false, 11, started);
    }
    busy_ = true;
    beast::error_code endpoint_error;
    const auto remote = stream_.socket().remote_endpoint(endpoint_error);
    const std::string remote_address = endpoint_error ? std::string() : remote.address().to_string();
    if (!server_->options.admit && !server_->apart) {
      bool by_server = false;
      HttpResponse response = Dispatch(message, remote_address, server_->handler, &by_server);
      return Finish(std::move(response), by_server, started);
    }
    auto request = std::make_shared<HttpRequest>();
    HttpResponse problem;
    if (!ToRequest(message, remote_address, *request, &problem)) return Finish(std::move(problem), true, started);
    // Admission, and the apart pool, may answer on another thread: the reply is sent on this
    // connection's strand. The server keeps running until it has (a shutdown lets waiting
    // requests finish).
    auto work = std::make_shared<asio::executor_work_guard<asio::io_context::executor_type>>(
        server_->io.get_executor());
    if (!server_->options.admit) return Answer(request, started, work);
    server_->options.admit(*request, [self = shared_from_this(), request, started, work](
                                         std::optional<HttpResponse> refusal) {
      if (!refusal) return self->Answer(request, started, work);
      asio::post(self->stream_.get_executor(), [self, started, work, refusal = std::move(refusal)]() mutable {
        self->Finish(std::move(*refusal), false, started);
        work->reset();  // the reply's write keeps the server running from here
      });
    });
  }

  // Answers an admitted request: on the apart pool when the options say so, else on this
  // connection's strand; the reply is sent on the strand. May be called from any thread.
  void Answer(std::shared_ptr<HttpRequest> request, std::chrono::steady_clock::time_point started,
              std::shared_ptr<asio::executor_work_guard<asio::io_context::executor_type>> work) {
    const bool apart = server_->apart && server_->options.runs_apart(*request);
    auto answer = [self = shared_from_this(), request, started, work, apart]() mutable {
      bool by_server = false;
      HttpResponse response = HandlerAnswer(*request, self->server_->handler, &by_server);
      auto reply = [self, started, work, by_server, response = std::move(response)]() mutable {
        self->Finish(std::move(response), by_server, started);
        work->reset();  // the reply's write keeps the server running from here
      };
      if (apart) {
        asio::post(self->stream_.get_executor(), std::move(reply));
      } else {
        reply();
      }
    };
    if (apart) {
      asio::post(*server_->apart, std::move(answer));
    } else {
      asio::post(stream_.get_executor(), std::move(answer));
    }
  }

  // Sends the answer to the request just read (`by_server`: the server made it, so it is
  // logged here).
  void Finish(HttpResponse response, bool by_server, std::chrono::steady_clock::time_point started) {
    const auto& message = parser_->get();
    if (by_server && server_->options.access_log) {
      LogAnswer(message.method_string(), message.target(), response.status, started);
    }
    const bool keep_alive = message.keep_alive() && !server_->stopping;
    Reply(std::move(response), keep_alive, message.version(), started);
  }

  void Reply(HttpResponse response, bool keep_alive, unsigned version, std::chrono::steady_clock::time_point started) {
    busy_ = true;
    bool replaced = false;
    auto out = ToWire(std::move(response), keep_alive, version, &replaced);
    if (replaced && server_->options.access_log) {
      const auto& message = parser_->get();
      LogAnswer(message.method_string(), message.target(), out->result_int(), started);
    }
    stream_.expires_after(server_->options.write_timeout);
    http::async_write(stream_, *out, [self = shared_from_this(), out, keep_alive](beast::error_code ec, size_t) {
      self->busy_ = false;
      if (ec || !keep_alive || self->server_->stopping) return self->Close();
      self->Read();
    });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<HttpServer::Impl> server_;
  bool busy_ = false;

 public:
  struct Counter {
    explicit Counter(std::atomic<int>& n) : n_(n) { ++n_; }
    ~Counter() { --n_; }
    std::atomic<int>& n_;
  };
  std::unique_ptr<Counter> counter_;
};

void HttpServer::Impl::Accept() {
  acceptor.async_accept(asio::make_strand(io), [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (!self->stopping) self->Accept();
      return;
    }
    auto connection = std::make_shared<Connection>(std::move(socket), self);
    connection->counter_ = std::make_unique<Connection::Counter>(self->active);
    {
      std::lock_guard lock(self->mutex);
      self->connections.remove_if([](const std::weak_ptr<Connection>& c) { return c.expired(); });
      self->connections.push_back(connection);
    }
    connection->Start();
    if (!self->stopping) self->Accept();
  });
}

void HttpServer::Impl::Stop() {
  if (stopping.exchange(true)) return;
  asio::post(io, [self = shared_from_this()] {
    beast::error_code ignored;
    self->acceptor.close(ignored);
    if (self->signals) self->signals->cancel(ignored);
    std::lock_guard lock(self->mutex);
    for (auto& weak : self->connections) {
      if (auto connection = weak.lock()) connection->CloseIfIdle();
    }
  });
}

HttpServer::HttpServer(ServerOptions options, RequestHandler handler) : impl_(std::make_shared<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
}

HttpServer::~HttpServer() = default;

Result<uint16_t> HttpServer::Listen() {
  beast::error_code ec;
  const auto address = asio::ip::make_address(impl_->options.address, ec);
  if (ec) return MakeError("'" + impl_->options.address + "' is not an IP address");
  const tcp::endpoint endpoint(address, impl_->options.port);
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return MakeError("cannot listen on " + impl_->options.address + ":" + std::to_string(impl_->options.port) +
                     ": " + ec.message());
  }
  return impl_->acceptor.local_endpoint().port();
}

void HttpServer::Run(bool handle_signals) {
  if (handle_signals) {
    impl_->signals = std::make_unique<asio::signal_set>(impl_->io, SIGINT, SIGTERM);
    impl_->signals->async_wait([impl = impl_](beast::error_code ec, int) {
      if (!ec) impl->Stop();
    });
  }
  if (impl_->options.apart_threads > 0 && impl_->options.runs_apart) {
    impl_->apart = std::make_unique<asio::thread_pool>(static_cast<size_t>(impl_->options.apart_threads));
  }
  impl_->Accept();
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->options.threads; ++i) threads.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& thread : threads) thread.join();
  if (impl_->apart) impl_->apart->join();
}

void HttpServer::Shutdown() { impl_->Stop(); }

std::string ServeRawRequest(std::string_view bytes, const ServerOptions& options,
                            const HttpServer::RequestHandler& handler) {
  const auto started = std::chrono::steady_clock::now();
  http::request_parser<http::string_body> parser;
  parser.body_limit(options.body_limit);
  parser.header_limit(16 * 1024);
  parser.eager(true);
  beast::error_code ec;
  size_t offset = 0;
  while (!parser.is_done() && offset < bytes.size()) {
    const size_t used = parser.put(asio::buffer(bytes.data() + offset, bytes.size() - offset), ec);
    offset += used;
    if (ec == http::error::need_more) {
      ec = {};
      if (used == 0) break;
      continue;
    }
    if (ec) break;
  }
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec == http::error::partial_message || (!ec && !parser.is_done())) return "";
  HttpResponse response;
  bool by_server = false;
  bool keep_alive = false;
  unsigned version = 11;
  if (ec) {
    response = ParseProblem(ec, options.body_limit);
    by_server = true;
  } else {
    const auto& message = parser.get();
    response = Dispatch(message, "127.0.0.1", handler, &by_server);
    keep_alive = message.keep_alive();
    version = message.version();
  }
  auto out = ToWire(std::move(response), keep_alive, version, &by_server);
  if (by_server && options.access_log) {
    LogAnswer(parser.get().method_string(), parser.get().target(), out->result_int(), started);
  }
  std::ostringstream wire;
  wire << *out;
  return wire.str();
}

int HttpServer::active_connections() const { return impl_->active.load(); }

}  // namespace hoshitori::api
