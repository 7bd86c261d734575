// libFuzzer target: notification regime files (share/deadlines.h). Any bytes, read as a regime
// file beside a fixed contacts file and as the contacts file beside a fixed regime, must give
// regimes or an error, never a crash; the duties computed from parsed regimes are due no
// earlier than the incident was known and come ordered as ComputeDuties promises.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "share/deadlines.h"

namespace {

using hoshitori::share::RegimeFile;

constexpr const char* kContacts = R"({"format": "hoshitori-incident-contacts", "version": 1,
 "contacts": [
  {"id": "ppc", "name": {"ja": "委員会", "en": "PPC"}, "purpose": {"ja": "報告", "en": "reports"}, "url": "https://www.ppc.go.jp/"},
  {"id": "police", "name": {"ja": "警察", "en": "Police"}, "purpose": {"ja": "通報", "en": "reports"}, "url": "https://www.npa.go.jp/"},
  {"id": "ipa", "name": {"ja": "IPA", "en": "IPA"}, "purpose": {"ja": "相談", "en": "advice"}, "url": "https://www.ipa.go.jp/"},
  {"id": "ipa-anshin", "name": {"ja": "IPA", "en": "IPA"}, "purpose": {"ja": "相談", "en": "advice"}, "url": "https://www.ipa.go.jp/"},
  {"id": "jpcert", "name": {"ja": "JPCERT/CC", "en": "JPCERT/CC"}, "purpose": {"ja": "報告", "en": "reports"}, "url": "https://www.jpcert.or.jp/"},
  {"id": "eu-csirt", "name": {"ja": "CSIRT", "en": "CSIRT"}, "purpose": {"ja": "報告", "en": "reports"}, "url": "https://csirtsnetwork.eu/"}]})";

constexpr const char* kRegime = R"({"format": "hoshitori-incident-regime", "version": 1,
 "id": "r", "obligation": "legal", "name": {"ja": "r", "en": "r"}, "summary": {"ja": "s", "en": "s"},
 "applies_when": {"fact": "personal_data"},
 "steps": [{"id": "a", "name": {"ja": "a", "en": "a"}, "clock": {"days": 3}, "text": {"ja": "t", "en": "t"}, "contacts": ["ppc"]}],
 "sources": [{"title": {"ja": "t", "en": "t"}, "article": "1", "url": "", "consulted": "2026-12-06"}],
 "note": {"ja": "n", "en": "n"}})";

void Check(const std::vector<RegimeFile>& files) {
  auto regimes = hoshitori::share::ParseRegimeFiles(files);
  if (!regimes.ok()) return;
  hoshitori::share::IncidentFacts facts;
  facts.detected_at = std::chrono::sys_seconds(std::chrono::seconds(1796000000));
  facts.now = facts.detected_at + std::chrono::hours(30);
  facts.personal_data = facts.ransomware = facts.unauthorised_access = true;
  facts.sensitive_data = facts.nis2_entity = facts.eu_customers = true;
  facts.sector = "electricity";
  facts.buyers_requiring_notice = {{1, "b", 12}, {0, "c", std::nullopt}};
  const auto duties = hoshitori::share::ComputeDuties(facts, *regimes);
  bool dated = false;
  for (size_t i = 0; i < duties.size(); ++i) {
    const auto& due = duties[i].due_at;
    if (due && *due < facts.detected_at) std::abort();
    if (!due && dated) std::abort();  // "without delay" duties come first
    if (due && i > 0 && duties[i - 1].due_at && *duties[i - 1].due_at > *due) std::abort();
    dated = dated || due.has_value();
    if (due) (void)hoshitori::share::FormatDeadlineJst(*due);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  Check({RegimeFile{"contacts.json", kContacts}, RegimeFile{"fuzz.json", text}});
  Check({RegimeFile{"fuzz.json", text}, RegimeFile{"r.json", kRegime}});
  (void)hoshitori::share::ParseUtc(text);
  return 0;
}
