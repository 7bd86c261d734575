// hoshitori serve: the HTTP server (the API under /api/v1 and the web pages). hoshitori
// audit verify: checks the audit chain.
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "api/access_log.h"
#include "api/api_app.h"
#include "service/audit.h"
#include "api/change_follower.h"
#include "api/http_server.h"
#include "app/context.h"
#include "notify/mail_sender_loop.h"
#include "service/audit_sweep.h"
#include "service/reminder_service.h"
#include "service/attestation_service.h"
#include "web/web_app.h"

namespace hoshitori::app {

namespace {

// The first line of `path` (a secret such as a password; never printed).
std::string ReadSecretFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw CommandFailure{"cannot read " + path + " / 読めません"};
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

void AddServeCommands(CLI::App& app, Context& context) {
  struct Options {
    std::string address = "127.0.0.1";
    int port = 8080;
    int threads = 2;
    int write_threads = -1;  // by the database: see --write-threads
    bool quiet = false;
    bool fast_hashing = false;
    bool secure_cookies = false;
    std::string web_dir = HOSHITORI_DEFAULT_WEB;
    std::string signing_keys;
    std::string public_url;
    notify::SmtpConfig smtp;
    std::string smtp_password_file;
  };
  auto options = std::make_shared<Options>();
  auto* serve = app.add_subcommand("serve", "run the HTTP server: web pages and API / Web画面とAPIのサーバーを起動");
  serve->add_option("--address", options->address, "address to listen on")->capture_default_str();
  serve->add_option("--port", options->port, "port (0 picks a free one)")->capture_default_str();
  serve->add_option("--threads", options->threads, "server threads")->check(CLI::Range(1, 64))->capture_default_str();
  serve->add_option("--write-threads", options->write_threads,
                    "threads of their own for requests that change data, so that reads go on "
                    "while writes wait for the database (default: 4 on PostgreSQL, 0 on SQLite, "
                    "which takes one writer at a time) / 書き込み専用のスレッド数")
      ->check(CLI::Range(0, 64));
  serve->add_flag("--quiet", options->quiet, "no access log");
  serve->add_option("--web-dir", options->web_dir, "templates, messages and static files of the web pages")
      ->capture_default_str();
  serve->add_flag("--secure-cookies", options->secure_cookies,
                  "mark session cookies Secure (when served behind TLS) / Cookie に Secure 属性を付ける");
  serve->add_option("--signing-keys", options->signing_keys,
                    "directory of the Ed25519 keys that sign attestations (0700; default: beside "
                    "the database, made with a fresh key on first start) / 署名鍵のディレクトリ");
  serve->add_option("--public-url", options->public_url,
                    "the URL the server is reached at, named in its attestations (default: "
                    "http://ADDRESS:PORT) / 公開URL");
  serve->add_option("--smtp-url", options->smtp.url,
                    "send notification e-mails through this server: smtp://HOST:PORT or "
                    "smtps://HOST:PORT (default: no e-mail) / 通知メールの送信先 SMTP サーバー");
  serve->add_option("--smtp-from", options->smtp.from, "sender address of the e-mails / 差出人");
  serve->add_option("--smtp-user", options->smtp.user, "SMTP user name / SMTP のユーザー名");
  serve->add_option("--smtp-password-file", options->smtp_password_file,
                    "file holding the SMTP password (never logged) / SMTP パスワードのファイル");
  serve->add_flag("--smtp-starttls", options->smtp.starttls,
                  "require STARTTLS on smtp:// / smtp:// で STARTTLS を必須にする");
  serve->add_flag("--insecure-fast-password-hashing", options->fast_hashing,
                  "minimal argon2id cost, for tests and benchmarks only");
  serve->callback([&context, options] {
    api::ApiOptions api_options;
    api_options.db_url = context.db;
    // PostgreSQL commits writes concurrently: while they wait for it, reads go on. SQLite takes
    // one writer at a time, so more writing threads would only queue on its lock.
    const int write_threads =
        options->write_threads >= 0 ? options->write_threads : (api::ChangeFollower::Needed(context.db) ? 4 : 0);
    api_options.connections = options->threads + write_threads;
    api_options.access_log = !options->quiet;
    if (options->fast_hashing) api_options.password_cost = service::PasswordCost::kMinimal;
    api_options.secure_cookies = options->secure_cookies;
    // `--today` (or HOSHITORI_TODAY) runs the server as if it were that day: validity,
    // expiries and timestamps follow it (demos and tests).
    const bool today_given = !context.today_text.empty() || std::getenv("HOSHITORI_TODAY");
    if (today_given) api_options.today = context.today();
    // One runtime (store pool, clock, supply graph, caches) under the API and the pages.
    auto runtime = Require(service::Runtime::Open(context.catalog(), api::ApiApp::RuntimeOptionsOf(api_options)));
    auto api_app = Require(api::ApiApp::Create(*runtime, api_options));
    // Several nodes may serve one PostgreSQL database: follow the changes the others make.
    std::unique_ptr<api::ChangeFollower> follower;
    if (api::ChangeFollower::Needed(context.db)) {
      follower = std::make_unique<api::ChangeFollower>(context.db, runtime->chain(), runtime->server_processes());
    }
    auto web_app = Require(web::WebApp::Create(*api_app, web::WebOptions{options->web_dir, options->secure_cookies}));
    api::ServerOptions server_options;
    server_options.address = options->address;
    server_options.port = static_cast<uint16_t>(options->port);
    server_options.threads = options->threads;
    server_options.apart_threads = write_threads;
    server_options.runs_apart = [](const api::HttpRequest& request) {
      return request.method != "GET" && request.method != "HEAD";
    };
    server_options.access_log = !options->quiet;
    server_options.large_body_limit = api::ApiApp::kLargeBodyLimit;
    server_options.accepts_large_body = &api::ApiApp::IsLargeUpload;
    // Every answer reflects every change committed before the request, on any node: a request
    // waits (without holding a server thread) for this node's read barrier.
    if (follower) {
      server_options.admit = [&follower](const api::HttpRequest& request, api::ServerOptions::Then then) {
        if (request.path == "/healthz" || request.path == "/metrics" || request.path.rfind("/static/", 0) == 0) {
          return then(std::nullopt);
        }
        follower->ReadBarrierThen([then = std::move(then)](bool passed) {
          if (passed) return then(std::nullopt);
          then(api::ProblemResponse(503, "Service unavailable / 一時的に利用できません",
                                    "このサーバーは他のサーバーの変更をまだ受け取れていません。少し待ってから再試行してください。 / "
                                    "This server has not yet received the changes made elsewhere; retry in a moment."));
        });
      };
    }
    api::HttpServer server(server_options, [&](api::HttpRequest& request) {
      return web::WebApp::IsApiPath(request.path) ? api_app->Handle(request) : web_app->Handle(request);
    });
    const uint16_t port = Require(server.Listen());
    // The issuer of attestations: its keys (never logged) and the URL its attestations name.
    // A key directory beside a SQLite database, or in the working directory for PostgreSQL
    // (every node of one database must be given the same directory).
    std::string keys = options->signing_keys;
    if (keys.empty()) {
      keys = api::ChangeFollower::Needed(context.db)
                 ? std::string("hoshitori-signing-keys")
                 : (context.db.rfind("sqlite:", 0) == 0 ? context.db.substr(7) : context.db) +
                       ".signing-keys";
    }
    const std::string public_url = options->public_url.empty()
                                       ? "http://" + options->address + ":" + std::to_string(port)
                                       : options->public_url;
    runtime->SetIssuer(Require(service::AttestationIssuer::Open(keys, public_url, /*create=*/true)));
    // Notification e-mails: the outbox is drained every few seconds on a thread of its own.
    std::unique_ptr<notify::MailSenderLoop> mail;
    if (!options->smtp.url.empty()) {
      notify::SmtpConfig smtp = options->smtp;
      if (!options->smtp_password_file.empty()) smtp.password = ReadSecretFile(options->smtp_password_file);
      mail = Require(notify::MailSenderLoop::Start(context.db, std::move(smtp),
                                                   notify::DispatchOptions{public_url},
                                                   runtime->clock(), std::chrono::seconds(3)));
    }
    // Reminders (deadlines, expiring levels) once a day (issue 15).
    const auto reminders = service::ReminderLoop::Start(*runtime, std::chrono::minutes(10));
    // PostgreSQL: audit entries whose COMMIT found the chain's head busy are chained by the next
    // holder; the sweep is that holder when no other comes.
    std::unique_ptr<service::AuditSweep> audit_sweep;
    if (api::ChangeFollower::Needed(context.db)) {
      audit_sweep = service::AuditSweep::Start(*runtime, std::chrono::seconds(2));
    }
    std::cout << "listening on http://" << options->address << ":" << port << "/ (SIGTERM or Ctrl-C stops)" << std::endl;
    server.Run(/*handle_signals=*/true);
    api::AccessLog::Standard().Flush();  // every request answered is logged before "stopped"
    std::cout << "stopped" << std::endl;
  });

  auto* audit = app.add_subcommand("audit", "the audit log / 監査ログ");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "check the hash chain of the audit log / 改ざん検査");
  verify->callback([&context] {
    const auto result = Require(service::VerifyAudit(context.store()));
    if (result.broken_at) {
      throw CommandFailure{"audit log broken at entry " + std::to_string(*result.broken_at) + ": " + result.problem};
    }
    std::cout << "audit log intact: " << result.entries << " entries, last hash " << result.last_hash << "\n";
  });
}

}  // namespace hoshitori::app
