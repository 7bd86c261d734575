// How each kind of error is answered at the edges: the HTTP status of the API's
// problem+json and the exit code of the command line. The one place this mapping lives.
#pragma once

#include <string_view>

#include "core/result.h"

namespace hoshitori {

struct ErrorKindAnswer {
  int http_status;
  int exit_code;
  std::string_view default_title;  // when the error names none
};

constexpr ErrorKindAnswer AnswerFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalid: return {422, 2, "Invalid input"};
    case ErrorKind::kNotFound: return {404, 3, "Not found"};
    case ErrorKind::kConflict: return {409, 4, "Conflict"};
    case ErrorKind::kOutdated: return {412, 4, "Changed meanwhile"};
    case ErrorKind::kForbidden: return {403, 5, "Forbidden"};
    case ErrorKind::kUnauthenticated: return {401, 5, "Sign in required"};
    case ErrorKind::kRateLimited: return {429, 6, "Too many attempts"};
    case ErrorKind::kUnavailable: return {503, 6, "Unavailable"};
    case ErrorKind::kInternal: break;
  }
  return {500, 1, "Internal error"};
}

}  // namespace hoshitori
