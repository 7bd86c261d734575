// Result<T>: the value of an operation that can fail in an expected way.
//
// A Result holds either a T or an Error whose message a user can act on
// ("row 12: corporate number 1234567890123 has a wrong check digit"). Errors are values,
// never exceptions, inside the domain code; the edges (CLI, HTTP) turn them into exit
// codes or problem+json. A Result is a plain value type: copyable when T is.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace hoshitori {

struct Error {
  std::string message;
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

inline Error MakeError(std::string message) { return Error{std::move(message)}; }

}  // namespace hoshitori
