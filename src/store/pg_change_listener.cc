#include "store/pg_change_listener.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <random>
#include <utility>

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

// The payload of barrier `number` of listener `tag`.
std::string BarrierPayload(uint64_t tag, uint64_t number) {
  return std::to_string(tag) + ":" + std::to_string(number);
}

// Moves every change notice received on `connection` into `tables` (the table names) and
// `scope`, but for those of the server processes `reported_here` names; returns the highest
// barrier of listener `tag` among them (0: none).
uint64_t Drain(PGconn* connection, uint64_t tag, const std::function<bool(int)>& reported_here,
               std::set<std::string>& tables, ChangeScope& scope) {
  uint64_t barrier = 0;
  const std::string mine = std::to_string(tag) + ":";
  while (PGnotify* notice = PQnotifies(connection)) {
    const std::string_view payload = notice->extra ? notice->extra : "";
    if (std::strcmp(notice->relname, kBarrierChannel) == 0) {
      if (payload.substr(0, mine.size()) == mine) {
        barrier = std::max<uint64_t>(barrier, std::strtoull(payload.data() + mine.size(), nullptr, 10));
      }
    } else if (!reported_here || !reported_here(notice->be_pid)) {
      tables.emplace(payload.substr(0, payload.find(':')));
      scope.Add(ChangeScopeOfNotice(payload));
    }
    PQfreemem(notice);
  }
  return barrier;
}

uint64_t RandomTag() {
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32 | device()) | 1;  // never 0
}

}  // namespace

PgChangeListener::PgChangeListener(std::string url, Callbacks callbacks, Options options)
    : url_(std::move(url)), callbacks_(std::move(callbacks)), options_(options), tag_(RandomTag()) {
  if (pipe2(wake_, O_NONBLOCK | O_CLOEXEC) != 0) wake_[0] = wake_[1] = -1;  // readers then time out
  thread_ = std::thread([this] { Run(); });
}

PgChangeListener::~PgChangeListener() {
  Stop();
  for (const int fd : wake_) {
    if (fd >= 0) close(fd);
  }
}

void PgChangeListener::Stop() {
  stopping_.store(true);
  Wake();
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard lock(barrier_mutex_);
    listening_ = false;
  }
  Answer(/*all=*/true);
}

void PgChangeListener::Wake() {
  if (wake_[1] < 0) return;
  const char byte = 1;
  [[maybe_unused]] const ssize_t written = write(wake_[1], &byte, 1);  // full pipe: already woken
}

bool PgChangeListener::AwaitCommitted(std::chrono::milliseconds timeout) {
  struct Outcome {
    std::mutex mutex;
    std::condition_variable answered;
    std::optional<bool> passed;
  };
  const auto outcome = std::make_shared<Outcome>();
  AwaitCommittedThen(timeout, [outcome](bool passed) {
    std::lock_guard lock(outcome->mutex);
    outcome->passed = passed;
    outcome->answered.notify_all();
  });
  // The listener answers within about one wait of the deadline; a listener stuck in a query
  // (a hung database) is not waited for beyond the deadline.
  std::unique_lock lock(outcome->mutex);
  outcome->answered.wait_for(lock, timeout + options_.wait, [&] { return outcome->passed.has_value(); });
  return outcome->passed.value_or(false);
}

void PgChangeListener::AwaitCommittedThen(std::chrono::milliseconds timeout, std::function<void(bool)> then) {
  std::unique_lock lock(barrier_mutex_);
  if (!listening_) {
    lock.unlock();
    then(false);
    return;
  }
  // A barrier begun after this call: one begun earlier may have committed before it.
  const uint64_t target = started_ + 1;
  waiters_.push_back(Waiter{target, std::chrono::steady_clock::now() + timeout, std::move(then)});
  if (requested_ < target) {
    requested_ = target;
    lock.unlock();
    Wake();
  }
}

void PgChangeListener::Answer(bool all) {
  std::vector<std::pair<std::function<void(bool)>, bool>> answers;
  {
    std::lock_guard lock(barrier_mutex_);
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(waiters_, [&](Waiter& waiter) {
      const bool passed = !all && reached_ >= waiter.target;
      if (!all && !passed && waiter.deadline > now) return false;
      answers.emplace_back(std::move(waiter.then), passed);
      return true;
    });
  }
  for (auto& [then, passed] : answers) then(passed);
}

std::string PgChangeListener::SendBarrier(void* handle) {
  uint64_t number = 0;
  {
    std::lock_guard lock(barrier_mutex_);
    if (requested_ <= started_) return "";
    number = started_ = requested_;
  }
  PGconn* connection = static_cast<PGconn*>(handle);
  const std::string payload = BarrierPayload(tag_, number);
  const char* values[] = {kBarrierChannel, payload.c_str()};
  const QueryResult result(
      PQexecParams(connection, "SELECT pg_notify($1, $2)", 2, nullptr, values, nullptr, nullptr, 0));
  if (result && PQresultStatus(result.get()) == PGRES_TUPLES_OK) return "";
  std::string message = PQerrorMessage(connection);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message.empty() ? "cannot send a read barrier" : message;
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
  // A barrier is a transaction that writes nothing worth keeping: its commit need not wait for
  // the WAL to reach the disk. Notices still come in commit order, which is all a barrier
  // relies on.
  if (std::string failure = Execute(connection.get(), "SET synchronous_commit = off"); !failure.empty()) {
    return failure;
  }
  for (const char* channel : {kChangeChannel, kBarrierChannel}) {
    if (std::string failure = Execute(connection.get(), (std::string("LISTEN ") + channel).c_str());
        !failure.empty()) {
      return failure;
    }
  }
  {
    // Barriers sent on a lost connection never come back: readers still waiting get the next.
    // Marked listening before on_connected is reported, so that a reader who saw the report
    // may wait for a barrier at once (it used to be refused in that gap); the barrier is sent
    // and reached by this thread, after on_connected has returned, so it cannot pass before
    // the caches were dropped.
    std::lock_guard lock(barrier_mutex_);
    started_ = reached_;
    listening_ = true;
  }
  // Listening from here on: whatever changed before is reported as "anything".
  if (callbacks_.on_connected) callbacks_.on_connected();
  // Whatever ends this connection, readers stop waiting for it (after on_lost, which the
  // caller of ListenOnce reports, has had its chance to stop the caches being trusted).
  struct NotListening {
    PgChangeListener& listener;
    ~NotListening() {
      {
        std::lock_guard lock(listener.barrier_mutex_);
        listener.listening_ = false;
      }
      listener.Answer(/*all=*/true);
    }
  } not_listening{*this};
  auto last_heartbeat = std::chrono::steady_clock::now();
  std::set<std::string> tables;
  ChangeScope scope;
  bool drain_first = false;  // a barrier was just sent: its notice may be buffered already
  while (!stopping_.load()) {
    if (!drain_first) {
      pollfd sockets[2] = {{PQsocket(connection.get()), POLLIN, 0}, {wake_[0], POLLIN, 0}};
      if (sockets[0].fd < 0) return "the connection has no socket";
      const int ready = poll(sockets, wake_[0] >= 0 ? 2 : 1, static_cast<int>(options_.wait.count()));
      if (ready < 0 && errno != EINTR) return "cannot wait for notices";
      if (ready > 0 && (sockets[1].revents & POLLIN) != 0) {
        char bytes[64];
        while (read(wake_[0], bytes, sizeof bytes) > 0) {
        }
      }
      if (ready > 0 && (sockets[0].revents & POLLIN) != 0 && PQconsumeInput(connection.get()) == 0) {
        std::string message = PQerrorMessage(connection.get());
        while (!message.empty() && message.back() == '\n') message.pop_back();
        return message.empty() ? "the connection was lost" : message;
      }
    }
    drain_first = false;
    if (std::chrono::steady_clock::now() - last_heartbeat >= options_.heartbeat) {
      if (std::string failure = Execute(connection.get(), "SELECT 1"); !failure.empty())
        return failure;
      last_heartbeat = std::chrono::steady_clock::now();
    }
    const uint64_t barrier = Drain(connection.get(), tag_, callbacks_.reported_here, tables, scope);
    if (!tables.empty()) {
      if (callbacks_.on_changes) callbacks_.on_changes(tables, scope);
      tables.clear();
      scope = ChangeScope();
    }
    if (barrier != 0) {
      // Every change committed before the barrier was drained above or earlier.
      std::lock_guard lock(barrier_mutex_);
      reached_ = std::max(reached_, barrier);
    }
    Answer(/*all=*/false);
    bool requested = false;
    {
      std::lock_guard lock(barrier_mutex_);
      requested = requested_ > started_;
    }
    if (requested) {
      if (std::string failure = SendBarrier(connection.get()); !failure.empty()) return failure;
      drain_first = true;
    }
  }
  return "stopped";
}

}  // namespace hoshitori
