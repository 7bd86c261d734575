#include "store/postgres/pg_url.h"

#include <libpq-fe.h>

namespace hoshitori {

namespace {

// The password of a URL ("scheme://user:password@host/..."), or empty.
std::string PasswordOf(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  const size_t start = scheme + 3;
  const size_t end = url.find_first_of("/?#", start);
  const std::string authority = url.substr(start, end == std::string::npos ? end : end - start);
  const size_t at = authority.rfind('@');
  if (at == std::string::npos) return "";
  const size_t colon = authority.find(':');
  if (colon == std::string::npos || colon > at) return "";
  return authority.substr(colon + 1, at - colon - 1);
}

// `text` on one line, without `secret`.
std::string Clean(std::string text, const std::string& secret) {
  if (!secret.empty()) {
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "***");
    }
  }
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

Result<std::string> DescribePostgresUrl(const std::string& url) {
  char* message = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &message);
  if (!options) {
    std::string text = message ? message : "out of memory";
    PQfreemem(message);
    return MakeError("invalid PostgreSQL URL: " + Clean(text, PasswordOf(url)) +
                     " (expected postgresql://user@host:port/database)");
  }
  std::string user, host, port, database;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    const std::string keyword = o->keyword;
    const std::string value = o->val ? o->val : "";
    if (keyword == "user") user = value;
    if (keyword == "host" || (keyword == "hostaddr" && host.empty())) host = value;
    if (keyword == "port") port = value;
    if (keyword == "dbname") database = value;
  }
  PQconninfoFree(options);
  std::string where = user.empty() ? "" : user + "@";
  where += host.empty() ? "(local socket)" : host;
  where += ":" + (port.empty() ? std::string("5432") : port);
  where += "/" + (database.empty() ? user : database);
  return where;
}

std::string WithoutPassword(std::string text, const std::string& url) {
  return Clean(std::move(text), PasswordOf(url));
}

}  // namespace hoshitori
