// The real server over loopback sockets: keep-alive, limits, and graceful shutdown.
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include <future>
#include <thread>

#include "api/http_server.h"
#include "api_test_support.h"

namespace hoshitori::api {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;
using testing_support::ApiFixture;

class HttpServerTest : public ApiFixture {
 protected:
  void StartServer(std::function<HttpResponse(HttpRequest&)> handler = nullptr, size_t body_limit = 1 << 20) {
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.body_limit = body_limit;
    if (!handler) handler = [this](HttpRequest& r) { return app_->Handle(r); };
    server_ = std::make_unique<HttpServer>(options, handler);
    auto port = server_->Listen();
    ASSERT_TRUE(port.ok()) << port.error().message;
    port_ = *port;
    runner_ = std::thread([this] { server_->Run(false); });
  }
  void StopServer() {
    if (!server_) return;
    server_->Shutdown();
    runner_.join();
    server_.reset();
  }
  void TearDown() override {
    StopServer();
    ApiFixture::TearDown();
  }

  // One client connection.
  struct Client {
    boost::asio::io_context io;
    beast::tcp_stream stream{io};
    beast::flat_buffer buffer;
    explicit Client(uint16_t port) { stream.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port)); }
    http::response<http::string_body> Send(http::verb verb, const std::string& target, const std::string& body = "") {
      http::request<http::string_body> request(verb, target, 11);
      request.set(http::field::host, "localhost");
      if (!body.empty()) request.set(http::field::content_type, "application/json");
      request.body() = body;
      request.prepare_payload();
      http::write(stream, request);
      http::response<http::string_body> response;
      http::read(stream, buffer, response);
      return response;
    }
  };

  std::unique_ptr<HttpServer> server_;
  std::thread runner_;
  uint16_t port_ = 0;
};

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  StartServer();
  Client client(port_);
  for (int i = 0; i < 5; ++i) {
    const auto response = client.Send(http::verb::get, "/healthz");
    EXPECT_EQ(response.result_int(), 200);
    EXPECT_TRUE(response.keep_alive());
  }
  const auto problem = client.Send(http::verb::get, "/api/v1/me");
  EXPECT_EQ(problem.result_int(), 401);
  EXPECT_EQ(problem[http::field::content_type], "application/problem+json");
}

TEST_F(HttpServerTest, OversizedBodyGets413AndChangesNothing) {
  StartServer(nullptr, 1024);
  Client client(port_);
  const auto response = client.Send(http::verb::post, "/api/v1/signup", std::string(4096, ' '));
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_TRUE(store_->ListOrganisations()->empty());
}

TEST_F(HttpServerTest, MalformedRequestGets400) {
  StartServer();
  boost::asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_));
  boost::asio::write(socket, boost::asio::buffer(std::string("GARBAGE\r\n\r\n")));
  std::string reply(256, '\0');
  boost::system::error_code ec;
  const size_t n = socket.read_some(boost::asio::buffer(reply), ec);
  EXPECT_NE(reply.substr(0, n).find("400"), std::string::npos) << reply.substr(0, n);
}

TEST_F(HttpServerTest, ShutdownLetsTheRequestInFlightFinish) {
  std::promise<void> entered;
  std::promise<void> release;
  auto release_future = release.get_future().share();
  StartServer([&](HttpRequest&) {
    entered.set_value();
    release_future.wait();
    return JsonResponse(200, nlohmann::json{{"finished", true}});
  });
  auto reply = std::async(std::launch::async, [&] {
    Client client(port_);
    return client.Send(http::verb::get, "/slow");
  });
  entered.get_future().wait();
  server_->Shutdown();  // while the handler is still running
  release.set_value();
  const auto response = reply.get();
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_NE(response.body().find("finished"), std::string::npos);
  EXPECT_FALSE(response.keep_alive());
  runner_.join();  // Run returns once everything is done
  server_.reset();
}

}  // namespace
}  // namespace hoshitori::api
