// Whole numbers in query parameters (?page=2&per_page=50), for the API and the use cases that
// read a list's query.
#pragma once

#include <map>
#include <string>

#include "core/result.h"

namespace hoshitori {

// The whole-number query parameter `name`: `fallback` when absent or empty, else an error
// naming the parameter and its range unless it is written in digits within [low, high].
// Full-width digits ("２") count as digits: they are what a Japanese keyboard types.
Result<int> IntQueryParameter(const std::map<std::string, std::string>& parameters, const char* name, int low,
                              int high, int fallback);

}  // namespace hoshitori
