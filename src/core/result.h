// Result<T>: the value of an operation that can fail in an expected way.
//
// A Result holds either a T or an Error whose message a user can act on
// ("row 12: corporate number 1234567890123 has a wrong check digit"). Errors are values,
// never exceptions, inside the domain code; the edges (CLI, HTTP) turn them into exit
// codes or problem+json. A Result is a plain value type: copyable when T is.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace hoshitori {

// What kind of failure an Error is: decides the HTTP status and the exit code, in one place
// (core/error_kind.h). Domain code that cannot tell leaves kInternal; use cases say which
// kind their refusals are.
enum class ErrorKind {
  kInvalid,          // the input is wrong; fixing it helps (HTTP 422, exit 2)
  kNotFound,         // no such thing visible to the caller (404, exit 3)
  kConflict,         // the current state forbids it (409, exit 4)
  kOutdated,         // changed by someone else since the caller read it (412, exit 4)
  kForbidden,        // signed in, but not allowed (403, exit 5)
  kUnauthenticated,  // sign in first (401, exit 5)
  kRateLimited,      // too many attempts; retry later (429, exit 6)
  kUnavailable,      // a dependency is down or busy; retry later (503, exit 6)
  kInternal,         // a bug or a storage failure (500, exit 1)
};

struct Error {
  std::string message;  // what happened and what to do, in English (the API's detail)
  ErrorKind kind = ErrorKind::kInternal;
  std::string title;    // a short stable title (the API's problem title; pages map it to text)
  int64_t retry_after_seconds = 0;  // kRateLimited: when to try again
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  // Requires ok().
  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // Requires !ok().
  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

// The result of an operation that returns nothing on success.
struct Done {};
using Status = Result<Done>;
inline Status OkStatus() { return Done{}; }

inline Error MakeError(std::string message) {
  Error error;
  error.message = std::move(message);
  return error;
}
inline Error MakeError(ErrorKind kind, std::string title, std::string message) {
  Error error;
  error.message = std::move(message);
  error.kind = kind;
  error.title = std::move(title);
  return error;
}

}  // namespace hoshitori
