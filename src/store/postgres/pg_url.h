// What a PostgreSQL URL may show in messages: never its password.
#pragma once

#include <string>

#include "core/result.h"

namespace hoshitori {

// "user@host:port/database": `url` without its password, for messages; an error for a URL
// libpq cannot parse.
Result<std::string> DescribePostgresUrl(const std::string& url);
// `text` with the password of `url` (if any) replaced by "***", on one line.
std::string WithoutPassword(std::string text, const std::string& url);

}  // namespace hoshitori
