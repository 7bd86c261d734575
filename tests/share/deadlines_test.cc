// Notification duties (share/deadlines.h) over the shipped regime files: which duties each
// answer gives rise to, their deadlines at the boundaries (exactly 30 days, the 60-day case,
// month ends, the Japan-time day), their status against "now", and the loader's refusals
// with the file and JSON path named.
#include "share/deadlines.h"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

namespace hoshitori::share {
namespace {

using std::chrono::sys_seconds;

const std::string kRegimeDir = std::string(HOSHITORI_SOURCE_DIR) + "/data/incident-regimes";

sys_seconds At(const char* text) {
  auto parsed = ParseUtc(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? *parsed : sys_seconds{};
}

const std::vector<Regime>& Shipped() {
  static const std::vector<Regime> regimes = [] {
    auto loaded = LoadRegimeDirectory(kRegimeDir);
    EXPECT_TRUE(loaded.ok()) << loaded.error().message;
    return loaded.ok() ? *loaded : std::vector<Regime>{};
  }();
  return regimes;
}

// "key@due" for every duty ("key@now" for a duty without a deadline), in order.
std::vector<std::string> Keys(const std::vector<Duty>& duties) {
  std::vector<std::string> out;
  for (const Duty& duty : duties) {
    out.push_back(duty.key + "@" + (duty.due_at ? FormatUtc(*duty.due_at) : "now"));
  }
  return out;
}

IncidentFacts Detected(const char* when) {
  IncidentFacts facts;
  facts.detected_at = At(when);
  facts.now = facts.detected_at;
  return facts;
}

TEST(Deadlines, ShippedRegimesLoadWithSourcesAndContacts) {
  const auto& regimes = Shipped();
  std::vector<std::string> ids;
  for (const Regime& regime : regimes) {
    ids.push_back(regime.id);
    EXPECT_FALSE(regime.sources.empty()) << regime.id;
    for (const RegimeSource& source : regime.sources) {
      EXPECT_EQ(source.consulted.size(), 10u) << regime.id;
      EXPECT_FALSE(source.title.ja.empty()) << regime.id;
    }
    EXPECT_FALSE(regime.note.ja.empty()) << regime.id;
    EXPECT_FALSE(regime.note.en.empty()) << regime.id;
    for (const RegimeStep& step : regime.steps) {
      for (const Contact& contact : step.contacts) {
        if (contact.id == "ministry" || contact.id == "buyer") continue;
        EXPECT_EQ(contact.url.rfind("https://", 0), 0u) << regime.id << " " << contact.id;
        EXPECT_FALSE(contact.purpose.ja.empty()) << contact.id;
      }
    }
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"buyer-contract", "critical-infrastructure",
                                           "cybercrime-report", "nis2", "ppc-appi"}));
  // The 15 sectors of the critical-infrastructure action plan, ports included.
  for (const Regime& regime : regimes) {
    if (regime.id == "critical-infrastructure") {
      EXPECT_EQ(regime.sectors.size(), 15u);
    }
  }
}

// One row: the answers (applied to facts detected at 2026-12-01 10:00 JST) and the duties.
struct DutyCase {
  const char* name;
  std::function<void(IncidentFacts&)> answers;
  std::vector<std::string> expected;
};

TEST(Deadlines, EachAnswerGivesItsDuties) {
  const std::vector<DutyCase> cases = {
      {"nothing to tell", [](IncidentFacts&) {}, {}},
      {"personal data of few people, no Art. 7 case",
       [](IncidentFacts& f) {
         f.personal_data = true;
         f.people = PeopleBand::kUpTo1000;
       },
       {}},
      {"more than 1,000 people: preliminary 3 days, final 30 days",
       [](IncidentFacts& f) {
         f.personal_data = true;
         f.people = PeopleBand::kOver1000;
       },
       {"ppc-appi/preliminary@2026-12-03T15:00:00Z", "ppc-appi/final@2026-12-30T15:00:00Z"}},
      {"an unknown number of people may exceed 1,000",
       [](IncidentFacts& f) { f.personal_data = true; },
       {"ppc-appi/preliminary@2026-12-03T15:00:00Z", "ppc-appi/final@2026-12-30T15:00:00Z"}},
      {"sensitive data of one person",
       [](IncidentFacts& f) {
         f.personal_data = true;
         f.people = PeopleBand::kUpTo1000;
         f.sensitive_data = true;
       },
       {"ppc-appi/preliminary@2026-12-03T15:00:00Z", "ppc-appi/final@2026-12-30T15:00:00Z"}},
      {"financial damage risk",
       [](IncidentFacts& f) {
         f.personal_data = true;
         f.people = PeopleBand::kUpTo1000;
         f.financial_damage_risk = true;
       },
       {"ppc-appi/preliminary@2026-12-03T15:00:00Z", "ppc-appi/final@2026-12-30T15:00:00Z"}},
      {"unauthorised access: 60-day final report, police and IPA/JPCERT now",
       [](IncidentFacts& f) {
         f.personal_data = true;
         f.people = PeopleBand::kUpTo1000;
         f.unauthorised_access = true;
       },
       {"cybercrime-report/police@now", "cybercrime-report/ipa-jpcert@now",
        "ppc-appi/preliminary@2026-12-03T15:00:00Z",
        "ppc-appi/final-malicious@2027-01-29T15:00:00Z"}},
      {"ransomware with personal data is the malicious case too",
       [](IncidentFacts& f) {
         f.personal_data = true;
         f.people = PeopleBand::kOver1000;
         f.ransomware = true;
       },
       {"cybercrime-report/police@now", "cybercrime-report/ipa-jpcert@now",
        "ppc-appi/preliminary@2026-12-03T15:00:00Z",
        "ppc-appi/final-malicious@2027-01-29T15:00:00Z"}},
      {"ransomware without personal data: no PPC report",
       [](IncidentFacts& f) { f.ransomware = true; },
       {"cybercrime-report/police@now", "cybercrime-report/ipa-jpcert@now"}},
      {"buyers: the contract's hours, 24 h when none is recorded or it is out of range",
       [](IncidentFacts& f) {
         f.buyers_requiring_notice = {
             {42, "株式会社発注", 12}, {0, "Buyer Two", std::nullopt}, {43, "Buyer Three", 0}};
       },
       {"buyer-contract/notice/buyer:42@2026-12-01T13:00:00Z",
        "buyer-contract/notice/buyer:Buyer Two@2026-12-02T01:00:00Z",
        "buyer-contract/notice/buyer:43@2026-12-02T01:00:00Z"}},
      {"a NIS2 entity: 24 h, 72 h, one month",
       [](IncidentFacts& f) { f.nis2_entity = true; },
       {"nis2/early-warning@2026-12-02T01:00:00Z", "nis2/notification@2026-12-04T01:00:00Z",
        "nis2/final-report@2027-01-01T01:00:00Z"}},
      {"an EU customer requiring NIS2-style reports",
       [](IncidentFacts& f) { f.eu_customer_requires_nis2 = true; },
       {"nis2/early-warning@2026-12-02T01:00:00Z", "nis2/notification@2026-12-04T01:00:00Z",
        "nis2/final-report@2027-01-01T01:00:00Z"}},
      {"EU customers or an EU office alone do not bring NIS2",
       [](IncidentFacts& f) {
         f.eu_customers = true;
         f.eu_establishment = true;
       },
       {}},
      {"a critical-infrastructure sector: the ministry, now",
       [](IncidentFacts& f) { f.sector = "electricity"; },
       {"critical-infrastructure/ministry-report@now"}},
      {"a sector not in the plan", [](IncidentFacts& f) { f.sector = "bakery"; }, {}},
  };
  for (const DutyCase& c : cases) {
    IncidentFacts facts = Detected("2026-12-01T01:00:00Z");
    c.answers(facts);
    EXPECT_EQ(Keys(ComputeDuties(facts, Shipped())), c.expected) << c.name;
  }
}

TEST(Deadlines, ContactsAreFilledFromTheFacts) {
  IncidentFacts facts = Detected("2026-12-01T01:00:00Z");
  facts.sector = "water";
  facts.buyers_requiring_notice = {{7, "株式会社発注", std::nullopt}};
  const auto duties = ComputeDuties(facts, Shipped());
  ASSERT_EQ(duties.size(), 2u);
  const Duty& ministry = duties[0];
  ASSERT_EQ(ministry.key, "critical-infrastructure/ministry-report");
  ASSERT_EQ(ministry.contacts.size(), 2u);
  EXPECT_EQ(ministry.contacts[0].name.ja, "国土交通省");  // water moved to MLIT in 2024
  EXPECT_EQ(ministry.contacts[1].id, "jpcert");
  EXPECT_EQ(ministry.status, DutyStatus::kWithoutDelay);
  const Duty& buyer = duties[1];
  ASSERT_EQ(buyer.contacts.size(), 1u);
  EXPECT_EQ(buyer.contacts[0].name.ja, "株式会社発注");
  EXPECT_NE(buyer.contacts[0].purpose.ja.find("24 時間(既定)"), std::string::npos);
  EXPECT_FALSE(buyer.sources.empty());
}

// Day clocks count on the Japan calendar: the day of awareness is day one, the clock ends at
// 24:00 JST (15:00 UTC) of the last day.
TEST(Deadlines, DayClocksEndAtMidnightJapanTime) {
  struct Row {
    const char* detected;
    const char* final_due;  // the 30-day final report
  };
  const std::vector<Row> rows = {
      {"2026-12-01T01:00:00Z", "2026-12-30T15:00:00Z"},  // 10:00 JST on Dec 1: day 30 is Dec 30
      {"2026-12-01T14:59:59Z", "2026-12-30T15:00:00Z"},  // 23:59:59 JST, still Dec 1
      {"2026-12-01T15:00:00Z", "2026-12-31T15:00:00Z"},  // 00:00 JST on Dec 2
      {"2027-02-01T03:00:00Z", "2027-03-02T15:00:00Z"},  // February has 28 days
      {"2028-02-01T03:00:00Z", "2028-03-01T15:00:00Z"},  // 2028 is a leap year
  };
  for (const Row& row : rows) {
    IncidentFacts facts = Detected(row.detected);
    facts.personal_data = true;
    facts.people = PeopleBand::kOver1000;
    const auto duties = ComputeDuties(facts, Shipped());
    ASSERT_EQ(duties.size(), 2u);
    ASSERT_TRUE(duties[1].due_at.has_value());
    EXPECT_EQ(FormatUtc(*duties[1].due_at), row.final_due) << row.detected;
  }
}

TEST(Deadlines, StatusAtTheBoundariesOfExactlyThirtyDays) {
  const sys_seconds due = At("2026-12-30T15:00:00Z");
  struct Row {
    const char* now;
    DutyStatus status;
  };
  const std::vector<Row> rows = {
      {"2026-12-01T01:00:00Z", DutyStatus::kOpen},
      {"2026-12-29T14:59:59Z", DutyStatus::kOpen},     // 24 h and one second left
      {"2026-12-29T15:00:00Z", DutyStatus::kDueSoon},  // exactly 24 h left
      {"2026-12-30T14:59:59Z", DutyStatus::kDueSoon},  // the last second of day 30
      {"2026-12-30T15:00:00Z", DutyStatus::kOverdue},  // 00:00 JST on day 31
  };
  for (const Row& row : rows) EXPECT_EQ(StatusAt(due, At(row.now)), row.status) << row.now;
  EXPECT_EQ(StatusAt(std::nullopt, At("2030-01-01T00:00:00Z")), DutyStatus::kWithoutDelay);

  IncidentFacts facts = Detected("2026-12-01T01:00:00Z");
  facts.personal_data = true;
  facts.now = At("2026-12-04T00:00:00Z");
  const auto duties = ComputeDuties(facts, Shipped());
  ASSERT_EQ(duties.size(), 2u);
  EXPECT_EQ(duties[0].status, DutyStatus::kOverdue);  // the 3-day preliminary report
  EXPECT_EQ(duties[1].status, DutyStatus::kOpen);
}

// NIS2's month counts on the Japan calendar and clamps to the month's last day.
TEST(Deadlines, MonthClocksClampToTheMonthEnd) {
  struct Row {
    const char* detected;
    const char* final_report;
  };
  const std::vector<Row> rows = {
      {"2027-01-31T01:00:00Z", "2027-02-28T01:00:00Z"},  // Jan 31 -> Feb 28
      {"2028-01-31T01:00:00Z", "2028-02-29T01:00:00Z"},  // leap year
      {"2027-01-30T16:00:00Z", "2027-02-27T16:00:00Z"},  // Jan 31 01:00 JST -> Feb 28 01:00 JST
      {"2026-12-31T20:00:00Z", "2027-01-31T20:00:00Z"},  // Jan 1 05:00 JST -> Feb 1 05:00 JST
      {"2027-03-31T01:00:00Z", "2027-04-30T01:00:00Z"},
  };
  for (const Row& row : rows) {
    IncidentFacts facts = Detected(row.detected);
    facts.nis2_entity = true;
    const auto duties = ComputeDuties(facts, Shipped());
    ASSERT_EQ(duties.size(), 3u);
    EXPECT_EQ(duties[2].key, "nis2/final-report");
    EXPECT_EQ(FormatUtc(*duties[2].due_at), row.final_report) << row.detected;
  }
}

TEST(Deadlines, DeadlinesAreShownInJapanTime) {
  EXPECT_EQ(FormatDeadlineJst(At("2026-12-30T15:00:00Z")), "2026-12-30 23:59");
  EXPECT_EQ(FormatDeadlineJst(At("2026-12-02T01:17:32Z")), "2026-12-02 10:17");
  EXPECT_EQ(FormatDeadlineJst(At("2026-12-31T15:00:00Z")), "2026-12-31 23:59");
  EXPECT_EQ(FormatDeadlineJst(At("2027-01-01T00:00:00Z")), "2027-01-01 08:59");
}

TEST(Deadlines, OrderIsNowFirstThenEarliestDeadline) {
  IncidentFacts facts = Detected("2026-12-01T01:00:00Z");
  facts.personal_data = true;
  facts.ransomware = true;
  facts.nis2_entity = true;
  facts.sector = "medical";
  facts.buyers_requiring_notice = {{5, "B", 48}};
  EXPECT_EQ(Keys(ComputeDuties(facts, Shipped())),
            (std::vector<std::string>{
                "critical-infrastructure/ministry-report@now", "cybercrime-report/police@now",
                "cybercrime-report/ipa-jpcert@now", "nis2/early-warning@2026-12-02T01:00:00Z",
                "buyer-contract/notice/buyer:5@2026-12-03T01:00:00Z",
                "ppc-appi/preliminary@2026-12-03T15:00:00Z",
                "nis2/notification@2026-12-04T01:00:00Z", "nis2/final-report@2027-01-01T01:00:00Z",
                "ppc-appi/final-malicious@2027-01-29T15:00:00Z"}));
}

TEST(Deadlines, TooManyBuyersAreCut) {
  IncidentFacts facts = Detected("2026-12-01T01:00:00Z");
  for (size_t i = 0; i < kMaxBuyersRequiringNotice + 5; ++i) {
    facts.buyers_requiring_notice.push_back({static_cast<int64_t>(i + 1), "b", 24});
  }
  EXPECT_EQ(ComputeDuties(facts, Shipped()).size(), kMaxBuyersRequiringNotice);
}

TEST(Deadlines, UtcTimesReadAndWrite) {
  EXPECT_EQ(FormatUtc(At("2026-02-28T23:59:59Z")), "2026-02-28T23:59:59Z");
  for (const char* bad : {"2026-02-30T00:00:00Z", "2026-12-01T24:00:00Z", "2026-12-01 01:00:00Z",
                          "2026-12-01T01:00:00+09:00", "2026-12-01T01:00Z", ""}) {
    EXPECT_FALSE(ParseUtc(bad).ok()) << bad;
  }
}

// The loader: every refusal names the file and the JSON path, in Japanese and English.
std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<RegimeFile> ShippedFiles() {
  std::vector<RegimeFile> files;
  for (const char* name : {"contacts.json", "ppc-appi.json", "nis2.json", "buyer-contract.json",
                           "critical-infrastructure.json", "cybercrime-report.json"}) {
    files.push_back({name, ReadText(kRegimeDir + "/" + name)});
  }
  return files;
}

TEST(Deadlines, LoaderRefusesWithFileAndPath) {
  using nlohmann::json;
  struct Mutation {
    const char* name;
    size_t file;  // index in ShippedFiles()
    std::function<void(json&)> change;
    std::vector<std::string> expected;  // substrings of the message
  };
  const std::vector<Mutation> mutations = {
      {"unknown field",
       2,
       [](json& d) { d["steps"][0]["clok"] = 1; },
       {"nis2.json: /steps/0/clok: ", "知らない項目です", "unknown field"}},
      {"zero hours",
       2,
       [](json& d) {
         d["steps"][0]["clock"] = {{"hours", 0}};
       },
       {"nis2.json: /steps/0/clock/hours: ", "1〜8784 の整数", "integer from 1 to 8784"}},
      {"unknown fact",
       2,
       [](json& d) {
         d["applies_when"] = {{"fact", "nis3_entity"}};
       },
       {"nis2.json: /applies_when/fact: ", "unknown fact"}},
      {"unknown contact",
       1,
       [](json& d) {
         d["steps"][1]["contacts"] = {"ppc", "nobody"};
       },
       {"ppc-appi.json: /steps/1/contacts/1: ", "contacts.json"}},
      {"missing text",
       1,
       [](json& d) { d["steps"][0].erase("text"); },
       {"ppc-appi.json: /steps/0/text: ", "必須の項目がありません", "required field missing"}},
      {"English half missing",
       0,
       [](json& d) { d["contacts"][2]["name"].erase("en"); },
       {"contacts.json: /contacts/2/name/en: "}},
      {"an http URL",
       0,
       [](json& d) { d["contacts"][0]["url"] = "http://example.com/"; },
       {"contacts.json: /contacts/0/url: ", "https://"}},
      {"a duplicate step",
       2,
       [](json& d) { d["steps"][1]["id"] = "early-warning"; },
       {"nis2.json: /steps/1/id: ", "duplicate id"}},
      {"a duplicate regime id",
       3,
       [](json& d) { d["id"] = "nis2"; },
       {"/id: ", "also used by nis2.json"}},
      {"a bad consulted date",
       1,
       [](json& d) { d["sources"][0]["consulted"] = "Dec 2026"; },
       {"ppc-appi.json: /sources/0/consulted: ", "YYYY-MM-DD"}},
      {"ministry without sectors",
       2,
       [](json& d) { d["steps"][0]["contacts"] = {"ministry"}; },
       {"nis2.json: /steps/0/contacts/0: ", "sectors"}},
      {"contract hours on a plain step",
       2,
       [](json& d) {
         d["steps"][0]["clock"] = {{"contract_hours", {{"default_hours", 24}}}};
       },
       {"nis2.json: /steps/0/clock: ", "for_each_buyer"}},
      {"two clocks",
       2,
       [](json& d) {
         d["steps"][0]["clock"] = {{"hours", 1}, {"days", 1}};
       },
       {"nis2.json: /steps/0/clock: ", "exactly one"}},
      {"a wrong version",
       4,
       [](json& d) { d["version"] = 2; },
       {"critical-infrastructure.json: /version: "}},
      {"conditions nested too deep",
       2,
       [](json& d) {
         json condition = {{"fact", "nis2_entity"}};
         for (int i = 0; i < kMaxConditionDepth; ++i) condition = {{"not", condition}};
         d["applies_when"] = condition;
       },
       {"nis2.json: /applies_when", "nested deeper than 8"}},
  };
  for (const Mutation& m : mutations) {
    std::vector<RegimeFile> files = ShippedFiles();
    json document = json::parse(files[m.file].text);
    m.change(document);
    files[m.file].text = document.dump();
    const auto parsed = ParseRegimeFiles(files);
    ASSERT_FALSE(parsed.ok()) << m.name;
    EXPECT_EQ(parsed.error().kind, ErrorKind::kInvalid) << m.name;
    for (const std::string& part : m.expected) {
      EXPECT_NE(parsed.error().message.find(part), std::string::npos)
          << m.name << ": " << parsed.error().message;
    }
  }
}

TEST(Deadlines, LoaderRefusesWholeFiles) {
  auto message = [](std::vector<RegimeFile> files) {
    const auto parsed = ParseRegimeFiles(files);
    return parsed.ok() ? std::string("ok") : parsed.error().message;
  };
  auto files = ShippedFiles();
  files[2].text = "{\"format\": ";
  EXPECT_NE(message(files).find("nis2.json: JSON として読めません / not valid JSON"),
            std::string::npos);
  files = ShippedFiles();
  files[2].text = std::string(kMaxRegimeFileBytes + 1, ' ');
  EXPECT_NE(message(files).find("nis2.json: "), std::string::npos);
  EXPECT_NE(message(files).find("larger than"), std::string::npos);
  files = ShippedFiles();
  files[2].text = std::string(100, '[') + std::string(100, ']');
  EXPECT_NE(message(files).find("nested deeper"), std::string::npos);
  files = ShippedFiles();
  files.erase(files.begin());
  EXPECT_NE(message(files).find("no contacts file"), std::string::npos);
  files = ShippedFiles();
  files.push_back(files[0]);
  files.back().name = "more-contacts.json";
  EXPECT_NE(message(files).find("only one contacts file"), std::string::npos);
  EXPECT_EQ(message(ShippedFiles()), "ok");
  const auto missing = LoadRegimeDirectory(kRegimeDir + "/no-such-folder");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

TEST(Deadlines, TheDirectoryIsFoundLikeTheCatalogs) {
  EXPECT_EQ(FindRegimeDirectory("/given"), "/given");
  // Without a given folder or the environment variable, some folder holding the files.
  if (!std::getenv("HOSHITORI_INCIDENT_REGIMES")) {
    EXPECT_TRUE(LoadRegimeDirectory(FindRegimeDirectory()).ok()) << FindRegimeDirectory();
  }
}

}  // namespace
}  // namespace hoshitori::share
