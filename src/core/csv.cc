#include "core/csv.h"

namespace hoshitori {

CsvReader::CsvReader(std::string_view text) : text_(text) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

bool CsvReader::Next(CsvRecord& record) {
  record.fields.clear();
  while (pos_ < text_.size()) {
    // Skip blank lines between records.
    if (text_[pos_] == '\n') { ++line_; ++pos_; continue; }
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
      ++line_; pos_ += 2; continue;
    }
    break;
  }
  if (pos_ >= text_.size()) return false;
  record.line = line_;
  std::string field;
  while (true) {
    field.clear();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      const int quote_line = line_;
      ++pos_;
      while (true) {
        if (pos_ >= text_.size()) {
          error_ = "line " + std::to_string(quote_line) + ": a quoted field is never closed";
          return false;
        }
        const char c = text_[pos_++];
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') { field.push_back('"'); ++pos_; continue; }
          break;
        }
        if (c == '\n') ++line_;
        field.push_back(c);
      }
      if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
        error_ = "line " + std::to_string(line_) + ": unexpected text after a closing quote";
        return false;
      }
    } else {
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
             !(text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n')) {
        if (text_[pos_] == '"') {
          error_ = "line " + std::to_string(line_) +
                   ": a quote inside an unquoted field; put the whole field in quotes and double "
                   "the quote";
          return false;
        }
        field.push_back(text_[pos_++]);
      }
    }
    record.fields.push_back(field);
    if (pos_ >= text_.size()) return true;
    if (text_[pos_] == ',') { ++pos_; continue; }
    // End of record.
    pos_ += text_[pos_] == '\r' ? 2 : 1;
    ++line_;
    return true;
  }
}

Result<std::vector<CsvRecord>> ParseCsv(std::string_view text) {
  std::vector<CsvRecord> records;
  CsvReader reader(text);
  CsvRecord record;
  while (reader.Next(record)) records.push_back(record);
  if (!reader.error().empty()) return MakeError(reader.error());
  return records;
}

}  // namespace hoshitori
