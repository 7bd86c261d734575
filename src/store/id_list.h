// Ids bound as the parameters of an SQL IN list.
//
// A list is cut into chunks of at most kIdListChunk ids, and each chunk is padded to a power
// of two by repeating its last id (an IN list ignores repeats). So a handful of statement
// texts serve every count, and a session prepares each of them once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hoshitori {

inline constexpr size_t kIdListChunk = 64;

inline std::vector<std::vector<int64_t>> IdListChunks(const std::vector<int64_t>& ids) {
  std::vector<std::vector<int64_t>> chunks;
  for (size_t start = 0; start < ids.size(); start += kIdListChunk) {
    const size_t end = std::min(ids.size(), start + kIdListChunk);
    std::vector<int64_t> chunk(ids.begin() + static_cast<std::ptrdiff_t>(start),
                               ids.begin() + static_cast<std::ptrdiff_t>(end));
    size_t padded = 1;
    while (padded < chunk.size()) padded *= 2;
    chunk.resize(padded, chunk.back());
    chunks.push_back(std::move(chunk));
  }
  return chunks;
}

// "?, ?, ?" for `count` ids.
inline std::string IdPlaceholders(size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) out += i ? ", ?" : "?";
  return out;
}

}  // namespace hoshitori
