// libFuzzer target: evidence files. The bytes are checked as every allowed media type (the
// ZIP central-directory reader of docx/xlsx/pptx above all) and as a file name. Never a
// crash, hang or sanitizer report; the reader never looks outside the bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "assure/evidence_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoshitori::assure;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (std::string_view type :
       {"application/pdf", "image/png", "image/jpeg", "text/plain; charset=utf-8",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"}) {
    (void)EvidenceMediaType(type, bytes);
  }
  (void)ZipNamesParts(bytes, {"[Content_Types].xml"});
  (void)EvidenceMediaType(bytes.substr(0, 256), bytes);
  (void)CheckEvidenceName(bytes.substr(0, 300));
  return 0;
}
