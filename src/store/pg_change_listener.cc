#include "store/pg_change_listener.h"

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>

#include "store/pg_store.h"

namespace hoshitori {

namespace {

struct ConnectionCloser {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;

struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
using QueryResult = std::unique_ptr<PGresult, ResultClearer>;

// Runs `sql`; empty on success, else libpq's message.
std::string Execute(PGconn* connection, const char* sql) {
  const QueryResult result(PQexec(connection, sql));
  const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return "";
  std::string message = PQerrorMessage(connection);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message.empty() ? "query failed" : message;
}

// Moves every notice received on `connection` into `tables` (the table names) and `scope`.
void Drain(PGconn* connection, std::set<std::string>& tables, ChangeScope& scope) {
  while (PGnotify* notice = PQnotifies(connection)) {
    const std::string_view payload = notice->extra ? notice->extra : "";
    tables.emplace(payload.substr(0, payload.find(':')));
    scope.Add(ChangeScopeOfNotice(payload));
    PQfreemem(notice);
  }
}

}  // namespace

PgChangeListener::PgChangeListener(std::string url, Callbacks callbacks, Options options)
    : url_(std::move(url)), callbacks_(std::move(callbacks)), options_(options) {
  thread_ = std::thread([this] { Run(); });
}

PgChangeListener::~PgChangeListener() { Stop(); }

void PgChangeListener::Stop() {
  stopping_.store(true);
  if (thread_.joinable()) thread_.join();
}

void PgChangeListener::Run() {
  const auto where = DescribePostgresUrl(url_);
  const std::string place = where ? *where : std::string("the database");
  while (!stopping_.load()) {
    const std::string problem = ListenOnce();
    if (stopping_.load()) break;
    if (callbacks_.on_lost)
      callbacks_.on_lost("not listening for changes at " + place + ": " +
                         WithoutPassword(problem, url_));
    for (auto waited = std::chrono::milliseconds(0); waited < options_.retry && !stopping_.load();
         waited += std::chrono::milliseconds(50)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

std::string PgChangeListener::ListenOnce() {
  // A bounded connection attempt, so that Stop is never held up long (the URL may override it).
  const char* keywords[] = {"connect_timeout", "dbname", nullptr};
  const char* values[] = {"5", url_.c_str(), nullptr};
  const Connection connection(PQconnectdbParams(keywords, values, /*expand_dbname=*/1));
  if (!connection) return "out of memory";
  // Server messages (e.g. "terminating connection due to administrator command") are not
  // printed: a lost connection is reported through on_lost.
  PQsetNoticeProcessor(
      connection.get(), [](void*, const char*) {}, nullptr);
  if (PQstatus(connection.get()) != CONNECTION_OK) {
    std::string message = PQerrorMessage(connection.get());
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return message;
  }
  if (std::string failure =
          Execute(connection.get(), (std::string("LISTEN ") + kChangeChannel).c_str());
      !failure.empty()) {
    return failure;
  }
  // Listening from here on: whatever changed before is reported as "anything".
  if (callbacks_.on_connected) callbacks_.on_connected();
  auto last_heartbeat = std::chrono::steady_clock::now();
  std::set<std::string> tables;
  ChangeScope scope;
  while (!stopping_.load()) {
    pollfd socket{PQsocket(connection.get()), POLLIN, 0};
    if (socket.fd < 0) return "the connection has no socket";
    const int ready = poll(&socket, 1, static_cast<int>(options_.wait.count()));
    if (ready < 0 && errno != EINTR) return "cannot wait for notices";
    if (ready > 0 && PQconsumeInput(connection.get()) == 0) {
      std::string message = PQerrorMessage(connection.get());
      while (!message.empty() && message.back() == '\n') message.pop_back();
      return message.empty() ? "the connection was lost" : message;
    }
    if (std::chrono::steady_clock::now() - last_heartbeat >= options_.heartbeat) {
      if (std::string failure = Execute(connection.get(), "SELECT 1"); !failure.empty())
        return failure;
      last_heartbeat = std::chrono::steady_clock::now();
    }
    Drain(connection.get(), tables, scope);
    if (!tables.empty()) {
      if (callbacks_.on_changes) callbacks_.on_changes(tables, scope);
      tables.clear();
      scope = ChangeScope();
    }
  }
  return "stopped";
}

}  // namespace hoshitori
