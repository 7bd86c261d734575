#include "assure/evidence_file.h"

#include <algorithm>
#include <array>
#include <vector>

#include "core/utf8.h"

namespace hoshitori::assure {

namespace {

constexpr std::string_view kDocx =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr std::string_view kXlsx =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr std::string_view kPptx =
    "application/vnd.openxmlformats-officedocument.presentationml.presentation";

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  });
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

uint32_t Little(std::string_view bytes, size_t at, size_t width) {
  uint32_t value = 0;
  for (size_t i = 0; i < width; ++i) {
    value |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  }
  return value;
}

bool IsPlainText(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (!IsValidUtf8(bytes)) return false;
  return std::none_of(bytes.begin(), bytes.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && u != '\t' && u != '\n' && u != '\f' && u != '\r') || u == 0x7f;
  });
}

Error Refused(const std::string& ja, const std::string& en) {
  return MakeError(ErrorKind::kInvalid, "Unsupported evidence file", ja + " / " + en);
}

}  // namespace

bool ZipNamesParts(std::string_view bytes, std::initializer_list<std::string_view> parts) {
  constexpr size_t kEndRecord = 22;  // the end-of-central-directory record without its comment
  if (bytes.size() < kEndRecord || !bytes.starts_with(std::string_view("PK\x03\x04", 4)))
    return false;
  // The end record sits in the last 22 + 65,535 (longest comment) bytes.
  const size_t lowest = bytes.size() > kEndRecord + 0xFFFF ? bytes.size() - kEndRecord - 0xFFFF : 0;
  size_t end = std::string_view::npos;
  for (size_t at = bytes.size() - kEndRecord + 1; at-- > lowest;) {
    if (bytes.compare(at, 4, std::string_view("PK\x05\x06", 4)) == 0) {
      end = at;
      break;
    }
  }
  if (end == std::string_view::npos) return false;
  const uint32_t entries = Little(bytes, end + 10, 2);
  const uint32_t directory_size = Little(bytes, end + 12, 4);
  const uint32_t directory_at = Little(bytes, end + 16, 4);
  if (entries > kMaxZipEntries || directory_at > end || directory_size > end - directory_at)
    return false;
  std::vector<bool> found(parts.size(), false);
  size_t at = directory_at;
  const size_t directory_end = size_t{directory_at} + directory_size;
  for (uint32_t i = 0; i < entries; ++i) {
    constexpr size_t kHeader = 46;
    if (at + kHeader > directory_end ||
        bytes.compare(at, 4, std::string_view("PK\x01\x02", 4)) != 0) {
      return false;
    }
    const size_t name_length = Little(bytes, at + 28, 2);
    const size_t extra_length = Little(bytes, at + 30, 2);
    const size_t comment_length = Little(bytes, at + 32, 2);
    const size_t next = at + kHeader + name_length + extra_length + comment_length;
    if (next > directory_end) return false;
    const std::string_view name = bytes.substr(at + kHeader, name_length);
    size_t p = 0;
    for (std::string_view part : parts) {
      if (name == part) found[p] = true;
      ++p;
    }
    at = next;
  }
  return std::all_of(found.begin(), found.end(), [](bool f) { return f; });
}

Result<std::string> EvidenceMediaType(std::string_view declared_type, std::string_view bytes) {
  const size_t semicolon = declared_type.find(';');
  const std::string type = Lower(Trim(declared_type.substr(0, semicolon)));
  const std::string parameters =
      semicolon == std::string_view::npos ? "" : Lower(Trim(declared_type.substr(semicolon + 1)));
  const std::string shown = type.size() > 100 ? type.substr(0, 100) + "..." : type;
  auto mismatch = [&]() {
    return Refused("ファイルの中身が " + shown +
                       " ではありません（拡張子や種類の名前だけでなく中身を確かめます）",
                   "the file's content is not " + shown +
                       " (the bytes are checked, not only the name or type)");
  };
  if (type == "application/pdf") {
    if (!bytes.starts_with("%PDF-")) return mismatch();
  } else if (type == "image/png") {
    if (!bytes.starts_with(std::string_view("\x89PNG\r\n\x1a\n", 8))) return mismatch();
  } else if (type == "image/jpeg") {
    if (!bytes.starts_with("\xFF\xD8\xFF")) return mismatch();
  } else if (type == "text/plain") {
    if (!parameters.empty() && parameters != "charset=utf-8" && parameters != "charset=\"utf-8\"") {
      return Refused("テキストは UTF-8 で送ってください（charset=utf-8）",
                     "send text as UTF-8 (charset=utf-8)");
    }
    if (!IsPlainText(bytes)) {
      return Refused("UTF-8 のテキストではないか、制御文字を含んでいます",
                     "the text is not UTF-8 or holds control characters");
    }
  } else if (type == kDocx) {
    if (!ZipNamesParts(bytes, {"[Content_Types].xml", "word/document.xml"})) return mismatch();
  } else if (type == kXlsx) {
    if (!ZipNamesParts(bytes, {"[Content_Types].xml", "xl/workbook.xml"})) return mismatch();
  } else if (type == kPptx) {
    if (!ZipNamesParts(bytes, {"[Content_Types].xml", "ppt/presentation.xml"})) return mismatch();
  } else {
    return Refused(
        "この種類のファイルは受け付けません（PDF、PNG、JPEG、テキスト、Word・Excel・PowerPoint の "
        "docx・xlsx・pptx のみ）: " +
            shown,
        "this kind of file is not accepted (only PDF, PNG, JPEG, plain text, and Word, Excel "
        "and PowerPoint docx, xlsx, pptx): " +
            shown);
  }
  return type;
}

Status CheckEvidenceName(std::string_view name) {
  auto refused = [](const std::string& ja, const std::string& en) {
    return MakeError(ErrorKind::kInvalid, "Invalid file name", ja + " / " + en);
  };
  if (name.empty()) return refused("ファイル名がありません", "the file needs a name");
  if (name.size() > kMaxEvidenceNameBytes) {
    return refused(
        "ファイル名が長すぎます（" + std::to_string(kMaxEvidenceNameBytes) + " バイトまで）",
        "the file name is longer than " + std::to_string(kMaxEvidenceNameBytes) + " bytes");
  }
  if (!IsValidUtf8(name))
    return refused("ファイル名が UTF-8 ではありません", "the file name is not UTF-8");
  const bool bad_character = std::any_of(name.begin(), name.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f || c == '/' || c == '\\';
  });
  if (bad_character || name == "." || name == "..") {
    return refused(
        "ファイル名に使えない文字（/、\\、制御文字）があります",
        "the file name holds a character that is not allowed (/, \\ or a control character)");
  }
  return OkStatus();
}

}  // namespace hoshitori::assure
