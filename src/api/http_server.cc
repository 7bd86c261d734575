#include "api/http_server.h"

#include <utility>

#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include <list>
#include <mutex>
#include <thread>
#include <vector>

namespace hoshitori::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class Connection;

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
    parser_->body_limit(server_->options.body_limit);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(server_->options.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted ||
        ec == beast::error::timeout || ec == asio::error::connection_reset || ec == asio::error::eof) {
      return Close();
    }
    if (ec == http::error::body_limit) {
      return Reply(ProblemResponse(413, "Request body too large",
                                   "the request body is larger than " + std::to_string(server_->options.body_limit) +
                                       " bytes"),
                   false, 11);
    }
    if (ec) {
      return Reply(ProblemResponse(400, "Malformed HTTP request", ec.message()), false, 11);
    }
    busy_ = true;
    const auto& message = parser_->get();
    HttpRequest request;
    request.method = std::string(message.method_string());
    request.body = message.body();
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    beast::error_code endpoint_error;
    const auto remote = stream_.socket().remote_endpoint(endpoint_error);
    if (!endpoint_error) request.remote_address = remote.address().to_string();
    HttpResponse response;
    if (!SplitTarget(std::string_view(message.target().data(), message.target().size()), request.path, request.query)) {
      response = ProblemResponse(400, "Malformed request target", "the URL path or query is not valid");
    } else {
      try {
        response = server_->handler(request);
      } catch (...) {
        response = ProblemResponse(500, "Internal error", "the server could not handle this request");
      }
    }
    const bool keep_alive = message.keep_alive() && !server_->stopping;
    Reply(std::move(response), keep_alive, message.version());
  }

  void Reply(HttpResponse response, bool keep_alive, unsigned version) {
    busy_ = true;
    auto out = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(response.status), version);
    out->set(http::field::server, "hoshitori");
    out->set(http::field::content_type, response.content_type);
    out->set(http::field::cache_control, "no-store");
    out->set("X-Content-Type-Options", "nosniff");
    for (const auto& [name, value] : response.headers) out->insert(name, value);
    out->body() = std::move(response.body);
    out->keep_alive(keep_alive);
    out->prepare_payload();
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
  impl_->Accept();
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->options.threads; ++i) threads.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& thread : threads) thread.join();
}

void HttpServer::Shutdown() { impl_->Stop(); }

int HttpServer::active_connections() const { return impl_->active.load(); }

}  // namespace hoshitori::api
