// Load generator for the write-heavy API benchmark (bench/api/run.sh write-heavy and
// two-nodes): C keep-alive connections, one thread each, for D seconds. Each connection runs
// its own sequence: every `write_every`-th request is a write by one of its suppliers (it
// revokes that supplier's share to the buyer, or shares the assessment again — either way
// one row of the buyer's supplier board changes), the request after it reads that row back,
// every `policy_every`-th request replaces the buyer's policy, and the other requests read
// the buyer's supplier list: half the first page, half the row of a random supplier. Each
// connection starts its count at a different phase (connection c at c * policy_every / C), so
// that the policy changes and writes of the whole load are spread evenly over the run: with
// every connection counting from 1, the 64 connections changed the policy together, in bursts
// at their 1,000th, 2,000th, ... requests.
//
// Read-after-write check: a row read is compared with the share the supplier's last
// acknowledged write left, when no write of that supplier was under way while the read ran
// (each supplier is written by one connection only). A mismatch is a violation: a read that
// does not reflect a write acknowledged before it was sent. wrk cannot do this, hence this
// program. Prints one line of figures (see Report below).
//
// Usage: write_load --port P --buyer-token T --buyer-number N --writers FILE --seconds D
//                   --connections C [--write-every 20] [--policy-every 1000] [--host 127.0.0.1]
// FILE: one line per supplier: "token assessment_id share_id corporate_number" (share_id 0:
// none active); rewritten at the end with the shares the run left.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Writer {
  std::string token, number;
  int64_t assessment_id = 0;
  // The share id the last acknowledged write left (0: revoked, none active).
  std::atomic<int64_t> share_id{0};
  // Odd while a write is under way; moves at the start and at the acknowledgement.
  std::atomic<uint64_t> epoch{0};
};

struct Options {
  std::string host = "127.0.0.1", buyer_token, buyer_number, writers_file;
  int port = 0, seconds = 20, connections = 64, write_every = 20, policy_every = 1000;
};

struct Response {
  int status = 0;
  std::string body;
};

// One blocking keep-alive HTTP/1.1 connection; reconnects after an error.
class Connection {
 public:
  Connection(const Options& options) : options_(options) {}  // NOLINT
  ~Connection() { Close(); }

  std::optional<Response> Send(const std::string& method, const std::string& target,
                               const std::string& token, const std::string& body = "") {
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: " + options_.host +
                          "\r\nAuthorization: Bearer " + token + "\r\n";
    if (!body.empty() || method != "GET") {
      request +=
          "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
          "\r\n";
    }
    request += "\r\n" + body;
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (fd_ < 0 && !Open()) return std::nullopt;
      if (auto response = Exchange(request)) return response;
      Close();
      if (method != "GET") return std::nullopt;  // a write is never sent twice
    }
    return std::nullopt;
  }

 private:
  bool Open() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return false;
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(options_.port));
    ::inet_pton(AF_INET, options_.host.c_str(), &address.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      Close();
      return false;
    }
    buffer_.clear();
    return true;
  }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool Fill() {
    char chunk[65536];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }
  std::optional<Response> Exchange(const std::string& request) {
    for (size_t sent = 0; sent < request.size();) {
      const ssize_t n = ::send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return std::nullopt;
      sent += static_cast<size_t>(n);
    }
    size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return std::nullopt;
    }
    const std::string head = buffer_.substr(0, end);
    Response response;
    if (head.size() < 12) return std::nullopt;
    response.status = std::atoi(head.c_str() + 9);
    std::string lower = head;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    const size_t length_at = lower.find("\r\ncontent-length:");
    const size_t length = length_at == std::string::npos
                              ? 0
                              : std::strtoul(head.c_str() + length_at + 17, nullptr, 10);
    if (length_at == std::string::npos && response.status != 204 && response.status != 304) {
      std::cerr << "response without Content-Length:\n" << head << "\n";
      std::exit(1);
    }
    while (buffer_.size() < end + 4 + length) {
      if (!Fill()) return std::nullopt;
    }
    response.body = buffer_.substr(end + 4, length);
    buffer_.erase(0, end + 4 + length);
    if (lower.find("\r\nconnection: close") != std::string::npos) Close();
    return response;
  }

  const Options& options_;
  int fd_ = -1;
  std::string buffer_;
};

// Prints the first few failed requests to standard error (what went wrong, once).
void NoteError(const std::string& what, const std::optional<Response>& response) {
  static std::atomic<int> shown{0};
  if (shown.fetch_add(1) >= 5) return;
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::cerr << what << ": "
            << (response ? std::to_string(response->status) + " " + response->body.substr(0, 300)
                         : std::string("no response"))
            << "\n";
}

struct Tally {
  std::vector<uint32_t> read_us, write_us;  // latencies in microseconds
  int64_t errors = 0, violations = 0, checked = 0;
};

double Percentile(std::vector<uint32_t>& values, double p) {
  if (values.empty()) return 0;
  const size_t k =
      std::min(values.size() - 1, static_cast<size_t>(p * static_cast<double>(values.size())));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  return values[k] / 1000.0;
}

int Run(const Options& options) {
  std::vector<std::unique_ptr<Writer>> writers;
  std::ifstream file(options.writers_file);
  for (std::string token, number; file >> token;) {
    auto w = std::make_unique<Writer>();
    int64_t share = 0;
    file >> w->assessment_id >> share >> number;
    w->token = token;
    w->number = number;
    w->share_id = share;
    writers.push_back(std::move(w));
  }
  if (options.write_every > 0 && writers.size() < static_cast<size_t>(options.connections)) {
    std::cerr << "need at least one writer per connection\n";
    return 2;
  }
  const auto stop_at = Clock::now() + std::chrono::seconds(options.seconds);
  std::vector<Tally> tallies(static_cast<size_t>(options.connections));
  std::vector<std::thread> threads;
  for (int c = 0; c < options.connections; ++c) {
    threads.emplace_back([&, c] {
      Tally& tally = tallies[static_cast<size_t>(c)];
      Connection connection(options);
      std::mt19937_64 random(static_cast<uint64_t>(c) * 7919 + 1);
      // This connection's suppliers: c, c + C, c + 2C, ...
      std::vector<Writer*> own;
      for (size_t w = static_cast<size_t>(c); w < writers.size();
           w += static_cast<size_t>(options.connections)) {
        own.push_back(writers[w].get());
      }
      Writer* last_written = nullptr;
      const auto check_row = [&](Writer& w) {
        const uint64_t before = w.epoch.load();
        const int64_t expected = w.share_id.load();
        const auto started = Clock::now();
        const auto response =
            connection.Send("GET", "/api/v1/suppliers?q=" + w.number, options.buyer_token);
        tally.read_us.push_back(static_cast<uint32_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count()));
        if (!response || response->status != 200) {
          NoteError("GET row", response);
          ++tally.errors;
          return;
        }
        if (before % 2 != 0 || w.epoch.load() != before) return;  // a write ran meanwhile
        const auto body = nlohmann::json::parse(response->body, nullptr, false);
        const auto& rows = body["suppliers"];
        const int64_t seen = rows.is_array() && rows.size() == 1 && rows[0]["share_id"].is_number()
                                 ? rows[0]["share_id"].get<int64_t>()
                                 : 0;
        ++tally.checked;
        if (seen != expected) ++tally.violations;
      };
      const int64_t phase = static_cast<int64_t>(c) * std::max(options.policy_every, options.write_every) /
                            options.connections;
      for (int64_t i = 1 + phase; Clock::now() < stop_at; ++i) {
        const auto started = Clock::now();
        if (options.policy_every > 0 && i % options.policy_every == 0) {
          const std::string rules = std::string("rule t2: tier >= 2, data has personal => star") +
                                    (i / options.policy_every % 2 ? "3" : "4") + " \"bench\"\n";
          const auto response = connection.Send("PUT", "/api/v1/policy", options.buyer_token,
                                                nlohmann::json{{"rules", rules}}.dump());
          if (!response || response->status >= 300) {
            NoteError("PUT policy", response);
            ++tally.errors;
          }
          tally.write_us.push_back(static_cast<uint32_t>(
              std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started)
                  .count()));
        } else if (options.write_every > 0 && i % options.write_every == 0) {
          Writer& w = *own[static_cast<size_t>(i / options.write_every) % own.size()];
          const int64_t share = w.share_id.load();
          w.epoch.fetch_add(1);
          std::optional<Response> response;
          int64_t now_shared = share;
          if (share) {
            response =
                connection.Send("DELETE", "/api/v1/shares/" + std::to_string(share), w.token);
            if (response && response->status == 204) now_shared = 0;
          } else {
            response =
                connection.Send("POST", "/api/v1/shares", w.token,
                                nlohmann::json{{"assessment_id", w.assessment_id},
                                               {"buyer_corporate_number", options.buyer_number}}
                                    .dump());
            if (response && response->status == 201) {
              now_shared = nlohmann::json::parse(response->body)["id"].get<int64_t>();
            }
          }
          if (!response || response->status >= 300) {
            NoteError(share ? "DELETE share" : "POST share", response);
            ++tally.errors;
          }
          w.share_id.store(now_shared);
          w.epoch.fetch_add(1);  // acknowledged
          tally.write_us.push_back(static_cast<uint32_t>(
              std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started)
                  .count()));
          last_written = &w;
        } else if (last_written) {
          check_row(*last_written);  // read-your-write, right after the acknowledgement
          last_written = nullptr;
        } else if (!writers.empty() && i % 2 == 0) {
          check_row(*writers[random() % writers.size()]);
        } else {
          const auto response = connection.Send("GET", "/api/v1/suppliers", options.buyer_token);
          if (!response || response->status != 200) {
            NoteError("GET page 1", response);
            ++tally.errors;
          }
          tally.read_us.push_back(static_cast<uint32_t>(
              std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started)
                  .count()));
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  // The shares as the acknowledged writes left them, for the next run on the same data.
  std::ofstream out(options.writers_file, std::ios::trunc);
  for (const auto& w : writers) {
    out << w->token << " " << w->assessment_id << " " << w->share_id.load() << " " << w->number << "\n";
  }
  Tally all;
  for (Tally& t : tallies) {
    all.read_us.insert(all.read_us.end(), t.read_us.begin(), t.read_us.end());
    all.write_us.insert(all.write_us.end(), t.write_us.begin(), t.write_us.end());
    all.errors += t.errors;
    all.violations += t.violations;
    all.checked += t.checked;
  }
  std::vector<uint32_t> every = all.read_us;
  every.insert(every.end(), all.write_us.begin(), all.write_us.end());
  const double seconds = options.seconds;
  // Report: requests/s, p50 ms, p99 ms (all requests), reads/s, read p99, writes, write p99,
  // errors, rows checked, violations.
  std::printf("%.0f %.2f %.2f %.0f %.2f %zu %.2f %lld %lld %lld\n",
              static_cast<double>(every.size()) / seconds, Percentile(every, 0.50),
              Percentile(every, 0.99), static_cast<double>(all.read_us.size()) / seconds,
              Percentile(all.read_us, 0.99), all.write_us.size(), Percentile(all.write_us, 0.99),
              static_cast<long long>(all.errors), static_cast<long long>(all.checked),
              static_cast<long long>(all.violations));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--host")
      options.host = value;
    else if (flag == "--port")
      options.port = std::stoi(value);
    else if (flag == "--buyer-token")
      options.buyer_token = value;
    else if (flag == "--buyer-number")
      options.buyer_number = value;
    else if (flag == "--writers")
      options.writers_file = value;
    else if (flag == "--seconds")
      options.seconds = std::stoi(value);
    else if (flag == "--connections")
      options.connections = std::stoi(value);
    else if (flag == "--write-every")
      options.write_every = std::stoi(value);
    else if (flag == "--policy-every")
      options.policy_every = std::stoi(value);
  }
  if (options.port == 0 || options.buyer_token.empty()) {
    std::cerr
        << "usage: write_load --port P --buyer-token T --buyer-number N --writers FILE --seconds D "
           "--connections C [--write-every 20] [--policy-every 1000]\n";
    return 2;
  }
  return Run(options);
}
