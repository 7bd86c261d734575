// Evidence files: what a supplier may upload as evidence for an answer, and the bounds on it.
// Pure: bytes and names in, a verdict out (the service stores, the API serves).
//
// A file is accepted only when its declared media type is on the allow list below AND its
// bytes have that type's signature, so a renamed executable or an HTML page sent as
// "text/plain" is refused. The allow list:
//   application/pdf   — starts with "%PDF-"
//   image/png         — the 8-byte PNG signature
//   image/jpeg        — starts with FF D8 FF
//   text/plain        — UTF-8 (an optional BOM), no NUL or other control characters than
//                       tab, line feed, form feed and carriage return; a charset parameter,
//                       when given, must be utf-8
//   application/vnd.openxmlformats-officedocument.wordprocessingml.document   (.docx)
//   application/vnd.openxmlformats-officedocument.spreadsheetml.sheet         (.xlsx)
//   application/vnd.openxmlformats-officedocument.presentationml.presentation (.pptx)
//                     — a ZIP archive whose central directory names "[Content_Types].xml"
//                       and the format's main part (word/document.xml, xl/workbook.xml,
//                       ppt/presentation.xml); at most kMaxZipEntries entries are read
//
// Errors are Japanese first, then English, for the person uploading.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/result.h"

namespace hoshitori::assure {

// Bounds on evidence, enforced by the service (docs/assurance.md, "証拠ファイル").
inline constexpr size_t kMaxEvidenceFileBytes = size_t{10} << 20;   // 10 MiB per file
inline constexpr int64_t kEvidenceQuotaBytes = int64_t{200} << 20;  // per organisation
inline constexpr int kMaxEvidenceVersions = 20;       // versions of one name on one criterion
inline constexpr size_t kMaxEvidenceNameBytes = 200;  // a file name, in UTF-8 bytes
inline constexpr size_t kMaxZipEntries = 10'000;      // central-directory entries read

// The canonical media type (one of the allow list, lowercase, without parameters) of a file
// declared as `declared_type` (a Content-Type value) holding `bytes`. kInvalid with a
// message naming what is wrong when the type is not allowed or the bytes do not match it.
// Does not check the size (the caller bounds it before reading the bytes).
Result<std::string> EvidenceMediaType(std::string_view declared_type, std::string_view bytes);

// OK when `name` may name an evidence file: 1..kMaxEvidenceNameBytes bytes of UTF-8 without
// control characters, '/' or '\\', and not "." or "..". The name is shown and offered as the
// download's file name; it is never used as a path.
Status CheckEvidenceName(std::string_view name);

// Whether `bytes` is a ZIP archive whose central directory names every one of `parts`
// (exact, case-sensitive names). Reads at most kMaxZipEntries entries; false for anything
// malformed. Exposed for the fuzz target and the tests.
bool ZipNamesParts(std::string_view bytes, std::initializer_list<std::string_view> parts);

}  // namespace hoshitori::assure
