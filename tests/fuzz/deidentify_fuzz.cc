// libFuzzer target: de-identification (share/deidentify.h) of arbitrary report text and of
// each line as an indicator, with a fixed profile. Never a crash; removals lie inside the
// text, in order, without overlap; the output is the text with each removal replaced.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "share/deidentify.h"

namespace {

const hoshitori::share::PreparedProfile& Profile() {
  static const hoshitori::share::PreparedProfile profile = [] {
    hoshitori::share::OrganisationProfile declared;
    declared.names = {"株式会社北浜精機", "キタハマセイキ", "Kitahama Seiki Co., Ltd."};
    declared.corporate_number = "7120001088231";
    declared.domains = {"kitahama-seiki.example", "北浜.example"};
    declared.ip_ranges = {"203.0.113.0/25", "2001:db8:5a::/48"};
    declared.people = {"北浜 一郎", "Kenta Sato"};
    declared.emails = {"kenta@gmail.example"};
    declared.phones = {"06-6201-4455"};
    declared.addresses = {"大阪府大阪市中央区北浜3-5-12"};
    declared.internal_hosts = {"fs01", "kh-dc01"};
    auto prepared = hoshitori::share::PreparedProfile::Prepare(declared);
    if (!prepared.ok()) std::abort();
    return *prepared;
  }();
  return profile;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  hoshitori::share::ReportDraft draft;
  draft.text.assign(reinterpret_cast<const char*>(data), size);
  size_t start = 0;
  while (start < draft.text.size() && draft.indicators.size() < 64) {
    size_t end = draft.text.find('\n', start);
    if (end == std::string::npos) end = draft.text.size();
    draft.indicators.push_back(draft.text.substr(start, end - start));
    start = end + 1;
  }
  auto result = hoshitori::share::Deidentify(draft, Profile());
  if (!result.ok()) return 0;
  std::string rebuilt;
  size_t copied = 0;
  for (const auto& removal : result->removals) {
    if (removal.offset < copied || removal.length == 0 ||
        removal.offset + removal.length > draft.text.size()) {
      std::abort();
    }
    rebuilt.append(draft.text, copied, removal.offset - copied);
    rebuilt += removal.replacement;
    copied = removal.offset + removal.length;
  }
  rebuilt.append(draft.text, copied, std::string::npos);
  if (rebuilt != result->text) std::abort();
  return 0;
}
