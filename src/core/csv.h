// CSV reading per RFC 4180 (quoted fields, doubled quotes, CRLF or LF line ends), with the
// line number of every record so that errors can name the row a user sees in a spreadsheet.
// A UTF-8 byte-order mark at the start is skipped (Excel writes one).
//
// Hand-written because the check sheets are small and the parser must report positions;
// it is fuzzed (tests/fuzz/answers_fuzz.cc).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hoshitori {

struct CsvRecord {
  int line = 0;  // 1-based line on which the record starts
  std::vector<std::string> fields;
};

// Returns every non-empty record, or an error naming the line of an unterminated quote or a
// stray quote inside an unquoted field.
Result<std::vector<CsvRecord>> ParseCsv(std::string_view text);

// Streams records one at a time without holding them all; `on_record` returns false to stop.
// Returns an error as ParseCsv does. Used for large campaign files.
template <typename F>
Status ForEachCsvRecord(std::string_view text, F&& on_record);

// Implementation detail shared by both entry points.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text);
  // Reads the next record into `record`. Returns true if one was read, false at the end.
  // On malformed input returns false and sets error().
  bool Next(CsvRecord& record);
  const std::string& error() const { return error_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
  std::string error_;
};

template <typename F>
Status ForEachCsvRecord(std::string_view text, F&& on_record) {
  CsvReader reader(text);
  CsvRecord record;
  while (reader.Next(record)) {
    if (!on_record(record)) break;
  }
  if (!reader.error().empty()) return MakeError(reader.error());
  return OkStatus();
}

}  // namespace hoshitori
