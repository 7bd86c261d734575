// The real server over loopback sockets: keep-alive, limits, and graceful shutdown.
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "api/http_server.h"
#include "api/access_log.h"
#include "api_test_support.h"

namespace hoshitori::api {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;
using testing_support::ApiFixture;

class HttpServerTest : public ApiFixture {
 protected:
  void StartServer(std::function<HttpResponse(HttpRequest&)> handler = nullptr, size_t body_limit = 1 << 20,
                   const std::function<void(ServerOptions&)>& adjust = nullptr) {
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.body_limit = body_limit;
    if (adjust) adjust(options);
    if (!handler) handler = [this](HttpRequest& r) { return Handle(r); };
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

// Issue 14: evidence uploads, and only they, may carry bodies over the limit, up to 10 MiB.
TEST_F(HttpServerTest, OnlyEvidenceUploadsMayCarryLargeBodies) {
  StartServer(
      [](HttpRequest& request) {
        HttpResponse response;
        response.content_type = "text/plain";
        response.body = std::to_string(request.body.size());
        return response;
      },
      1024,
      [](ServerOptions& options) {
        options.large_body_limit = ApiApp::kEvidenceBodyLimit;
        options.accepts_large_body = &ApiApp::IsEvidenceUpload;
      });
  const std::string two_mib(size_t{2} << 20, 'x');
  Client upload(port_);
  const auto accepted = upload.Send(http::verb::post, "/api/v1/assessments/12/evidence?criterion=c&name=a.pdf", two_mib);
  EXPECT_EQ(accepted.result_int(), 200);
  EXPECT_EQ(accepted.body(), std::to_string(two_mib.size()));
  Client other(port_);
  EXPECT_EQ(other.Send(http::verb::post, "/api/v1/assessments/12/answers", std::string(4096, ' ')).result_int(), 413);
  Client get(port_);
  EXPECT_EQ(get.Send(http::verb::put, "/api/v1/assessments/12/evidence", std::string(4096, ' ')).result_int(), 413);
  EXPECT_FALSE(ApiApp::IsEvidenceUpload("POST", "/api/v1/assessments/x/evidence"));
  EXPECT_FALSE(ApiApp::IsEvidenceUpload("POST", "/api/v1/assessments/1/2/evidence"));
  EXPECT_TRUE(ApiApp::IsEvidenceUpload("POST", "/api/v1/assessments/7/evidence"));
  EXPECT_TRUE(ApiApp::IsEvidenceUpload("POST", "/assessments/7/evidence")) << "the pages' upload form";
  EXPECT_FALSE(ApiApp::IsEvidenceUpload("POST", "/assessments/evidence"));
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

// Sends `raw` on a fresh connection and returns everything the server writes back.
std::string Exchange(uint16_t port, const std::string& raw) {
  boost::asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  boost::asio::write(socket, boost::asio::buffer(raw));
  std::string reply;
  boost::system::error_code ec;
  char chunk[4096];
  for (;;) {
    const size_t n = socket.read_some(boost::asio::buffer(chunk), ec);
    reply.append(chunk, n);
    if (ec) break;
  }
  return reply;
}

TEST_F(HttpServerTest, TargetsThatAreNotUtf8Get400AndAnAccessLogLine) {
  StartServer();
  for (const char* target : {"/api/v1/%FF", "/%C0%AF", "/api/v1/me?lang=%FE", "/login%0D%0ASet-Cookie:%20x=1"}) {
    ::testing::internal::CaptureStderr();
    const std::string reply = Exchange(port_, std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    AccessLog::Standard().Flush();  // the log is written in batches
    const std::string log = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 400") << target << ": " << reply;
    EXPECT_NE(reply.find("application/problem+json"), std::string::npos) << reply;
    EXPECT_NE(log.find("\"status\":400"), std::string::npos) << target << ": " << log;
    EXPECT_EQ(log.find("?lang"), std::string::npos) << "the query is never logged: " << log;
  }
  // Raw bytes that are not UTF-8 in the target itself are answered and logged the same way.
  ::testing::internal::CaptureStderr();
  const std::string reply = Exchange(port_, "GET /\xFF\xFE HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  AccessLog::Standard().Flush();
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 400") << reply;
  EXPECT_NE(log.find("\"status\":400"), std::string::npos) << log;
}

TEST_F(HttpServerTest, ControlCharactersNeverReachAResponseHeader) {
  std::string location;
  StartServer([&](HttpRequest&) {
    HttpResponse response;
    response.status = 303;
    response.headers.emplace_back("Location", location);
    return response;
  });
  for (const std::string& bad : {std::string("/next\r\nSet-Cookie: planted=1"), std::string("/next\nSet-Cookie: planted=1"),
                                std::string("/\t/evil.example"), std::string("/a\0b", 4)}) {
    location = bad;
    ::testing::internal::CaptureStderr();
    const std::string reply = Exchange(port_, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 500") << reply;
    EXPECT_EQ(reply.find("planted"), std::string::npos) << reply;
    EXPECT_EQ(reply.find("evil"), std::string::npos) << reply;
  }
  location = "/fine";
  const std::string reply = Exchange(port_, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 303") << reply;
  EXPECT_NE(reply.find("Location: /fine\r\n"), std::string::npos) << reply;
}

TEST_F(HttpServerTest, RawRequestsRunTheWholePipelineWithoutASocket) {
  ServerOptions options;
  options.access_log = false;
  const auto handler = [this](HttpRequest& r) { return Handle(r); };
  EXPECT_EQ(ServeRawRequest("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", options, handler).substr(0, 12), "HTTP/1.1 200");
  EXPECT_EQ(ServeRawRequest("GET /%FF HTTP/1.1\r\nHost: x\r\n\r\n", options, handler).substr(0, 12), "HTTP/1.1 400");
  EXPECT_EQ(ServeRawRequest("GARBAGE\r\n\r\n", options, handler).substr(0, 12), "HTTP/1.1 400");
  EXPECT_EQ(ServeRawRequest("GET /healthz HTTP/1.1\r\nHost:", options, handler), "");  // incomplete
  options.body_limit = 10;
  EXPECT_EQ(ServeRawRequest("POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n" +
                                std::string(20, ' '),
                            options, handler)
                .substr(0, 12),
            "HTTP/1.1 413");
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

// Admission (the read barrier of several nodes) parks a request without holding a server
// thread: with one thread, a request admitted later is answered while the first still waits;
// a refusal is sent instead of the handler's answer; and a shutdown lets the parked request
// finish once it is admitted.
TEST_F(HttpServerTest, AdmissionWaitsWithoutHoldingAThread) {
  std::mutex mutex;
  std::condition_variable parked_cv;
  std::vector<ServerOptions::Then> parked;
  std::atomic<int> handled{0};
  StartServer(
      [&](HttpRequest& request) {
        ++handled;
        return JsonResponse(200, nlohmann::json{{"path", request.path}});
      },
      1 << 20,
      [&](ServerOptions& options) {
        options.threads = 1;
        options.admit = [&](const HttpRequest& request, ServerOptions::Then then) {
          if (request.path == "/park") {
            std::lock_guard lock(mutex);
            parked.push_back(std::move(then));
            parked_cv.notify_all();
            return;
          }
          if (request.path == "/refuse") return then(ProblemResponse(503, "Not yet", "not admitted"));
          then(std::nullopt);
        };
      });
  auto waiting = std::async(std::launch::async, [&] {
    Client client(port_);
    return client.Send(http::verb::get, "/park");
  });
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(parked_cv.wait_for(lock, std::chrono::seconds(10), [&] { return !parked.empty(); }));
  }
  // The only server thread is free: other requests are answered meanwhile.
  Client other(port_);
  EXPECT_EQ(other.Send(http::verb::get, "/now").body().find("/now") != std::string::npos, true);
  const auto refused = other.Send(http::verb::get, "/refuse");
  EXPECT_EQ(refused.result_int(), 503);
  EXPECT_EQ(handled.load(), 1);  // the refused request never reached the handler
  EXPECT_EQ(waiting.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  server_->Shutdown();  // while a request is parked
  std::thread([&] {
    std::lock_guard lock(mutex);
    parked.front()(std::nullopt);  // admitted from another thread, as the change listener does
  }).join();
  const auto response = waiting.get();
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_NE(response.body().find("/park"), std::string::npos);
  EXPECT_EQ(handled.load(), 2);
  runner_.join();
  server_.reset();
}

// Requests the options run apart (writes) are answered on the apart pool: with one server
// thread, reads are answered while a write's handler is still running, with and without
// admission; and a shutdown lets the write in flight finish.
TEST_F(HttpServerTest, WritesRunApartWithoutHoldingAServerThread) {
  for (const bool admit : {false, true}) {
    SCOPED_TRACE(admit ? "with admission" : "without admission");
    std::promise<void> entered, release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<int> reads{0};
    StartServer(
        [&](HttpRequest& request) {
          if (request.method == "POST") {
            entered.set_value();
            released.wait();
            return JsonResponse(201, nlohmann::json{{"written", true}});
          }
          ++reads;
          return JsonResponse(200, nlohmann::json{{"path", request.path}});
        },
        1 << 20,
        [&](ServerOptions& options) {
          options.threads = 1;
          options.apart_threads = 1;
          options.runs_apart = [](const HttpRequest& request) { return request.method != "GET"; };
          if (admit) options.admit = [](const HttpRequest&, ServerOptions::Then then) { then(std::nullopt); };
        });
    auto write = std::async(std::launch::async, [&] {
      Client client(port_);
      return client.Send(http::verb::post, "/write", "{}");
    });
    ASSERT_EQ(entered.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
    // The write's handler holds its thread; the only server thread still answers reads.
    Client reader(port_);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(reader.Send(http::verb::get, "/read").result_int(), 200);
    EXPECT_EQ(reads.load(), 3);
    EXPECT_EQ(write.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout);
    server_->Shutdown();  // while the write is in flight
    release.set_value();
    const auto response = write.get();
    EXPECT_EQ(response.result_int(), 201);
    EXPECT_NE(response.body().find("written"), std::string::npos);
    runner_.join();
    server_.reset();
  }
}

}  // namespace
}  // namespace hoshitori::api
