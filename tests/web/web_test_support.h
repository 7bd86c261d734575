// Shared by the page tests (tests/web/*_test.cc): a minimal browser over WebApp that keeps
// cookies and sends forms (with files too), and a fixture with an in-process API and the
// web pages over it.
#pragma once

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "../api/api_test_support.h"
#include "web/web_app.h"

namespace hoshitori::web::testing_support {

using api::HttpRequest;
using api::HttpResponse;
using api::testing_support::ApiFixture;

// A minimal browser: keeps cookies, sends forms.
class Browser {
 public:
  explicit Browser(WebApp& web) : web_(web) {}

  HttpResponse Get(const std::string& target) { return Send("GET", target, ""); }
  HttpResponse Post(const std::string& target,
                    std::vector<std::pair<std::string, std::string>> fields,
                    bool with_csrf = true) {
    std::string body;
    if (with_csrf) fields.emplace_back("csrf", cookies_["hoshitori_csrf"]);
    for (const auto& [key, value] : fields) {
      body += (body.empty() ? "" : "&") + Encode(key) + "=" + Encode(value);
    }
    return Send("POST", target, body);
  }
  // Sends a form with a file (multipart/form-data) as a browser does: `fields` and the file
  // `data` named `file_name` in the field "file"; the page's CSRF token is added.
  HttpResponse PostFile(const std::string& target,
                        std::vector<std::pair<std::string, std::string>> fields,
                        const std::string& file_name, const std::string& data) {
    const std::string boundary = "----hoshitori-test-boundary-7f3a";
    fields.emplace_back("csrf", cookies_["hoshitori_csrf"]);
    std::string body;
    for (const auto& [key, value] : fields) {
      body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + key + "\"\r\n\r\n" +
              value + "\r\n";
    }
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
            file_name + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + data + "\r\n--" +
            boundary + "--\r\n";
    return Send("POST", target, body, "multipart/form-data; boundary=" + boundary);
  }
  std::string Cookie(const std::string& name) { return cookies_[name]; }

 private:
  static std::string Encode(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
      if (std::isalnum(c)) {
        out.push_back(static_cast<char>(c));
      } else {
        char buffer[4];
        std::snprintf(buffer, sizeof buffer, "%%%02X", c);
        out += buffer;
      }
    }
    return out;
  }
  HttpResponse Send(const std::string& method, const std::string& target, const std::string& body,
                    const std::string& content_type = "application/x-www-form-urlencoded") {
    HttpRequest request;
    request.method = method;
    // A browser never sends the fragment of an address.
    EXPECT_TRUE(api::SplitTarget(target.substr(0, target.find('#')), request.path, request.query));
    request.remote_address = "127.0.0.1";
    request.body = body;
    if (!body.empty()) request.headers.emplace_back("content-type", content_type);
    std::string cookie;
    for (const auto& [name, value] : cookies_) {
      if (!value.empty()) cookie += (cookie.empty() ? "" : "; ") + name + "=" + value;
    }
    if (!cookie.empty()) request.headers.emplace_back("cookie", cookie);
    HttpResponse response = web_.Handle(request);
    for (const auto& [name, value] : response.headers) {
      if (name != "Set-Cookie") continue;
      const size_t eq = value.find('='), semi = value.find(';');
      cookies_[value.substr(0, eq)] = value.substr(eq + 1, semi - eq - 1);
    }
    return response;
  }

  WebApp& web_;
  std::map<std::string, std::string> cookies_;
};

inline std::string Location(const HttpResponse& response) {
  for (const auto& [name, value] : response.headers) {
    if (name == "Location") return value;
  }
  return "";
}

inline bool Contains(const HttpResponse& response, const std::string& needle) {
  return response.body.find(needle) != std::string::npos;
}

class WebAppTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    auto created =
        WebApp::Create(*app_, WebOptions{std::string(HOSHITORI_SOURCE_DIR) + "/web", false});
    ASSERT_TRUE(created.ok()) << created.error().message;
    web_ = std::move(created).value();
  }
  void TearDown() override {
    web_.reset();
    ApiFixture::TearDown();
  }

  // Signs up through the web form; returns the browser, signed in.
  Browser SignUpInBrowser(const std::string& number, const std::string& email) {
    Browser browser(*web_);
    browser.Get("/signup");  // the form hands out its CSRF token
    const auto response = browser.Post("/signup", {{"corporate_number", number},
                                                   {"name", "みらい製作所"},
                                                   {"industry", "E"},
                                                   {"employees", "40"},
                                                   {"email", email},
                                                   {"display_name", "総務 花子"},
                                                   {"password", "a long enough password"}});
    EXPECT_EQ(response.status, 303) << response.body;
    EXPECT_FALSE(browser.Cookie("hoshitori_session").empty());
    EXPECT_FALSE(browser.Cookie("hoshitori_csrf").empty());
    return browser;
  }

  std::unique_ptr<WebApp> web_;
};

}  // namespace hoshitori::web::testing_support
