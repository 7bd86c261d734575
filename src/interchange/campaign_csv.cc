#include "interchange/campaign_csv.h"

#include <optional>
#include <unordered_map>
#include <vector>

#include "core/csv.h"

namespace hoshitori::interchange {

Status ReadCampaignCsv(const Framework& framework, std::string_view csv_text,
                       const CampaignCsvHandler& handler) {
  // Per organisation (by the number as written), which requirements it answered already, by
  // assessable position.
  std::unordered_map<std::string, size_t> by_number;
  std::vector<std::vector<bool>> answered;
  std::optional<Error> failure;
  bool header = true;

  Status parsed = ForEachCsvRecord(csv_text, [&](const CsvRecord& record) {
    const auto& f = record.fields;
    const std::string where = "row " + std::to_string(record.line);
    if (header) {
      header = false;
      if (f.size() < 3 || f[0] != "corporate_number" || f[1] != "ref" || f[2] != "status") {
        failure = MakeError(where +
                            ": the first row must be the header "
                            "corporate_number,ref,status[,maturity,comment,evidence]");
        return false;
      }
      return true;
    }
    if (f.size() < 3 || f.size() > 6) {
      failure = MakeError(where + ": expected 3 to 6 columns, found " + std::to_string(f.size()));
      return false;
    }
    auto it = by_number.find(f[0]);
    if (it == by_number.end()) {
      auto number = CorporateNumber::Parse(f[0]);
      if (!number) {
        failure = MakeError(where + ": " + number.error().message);
        return false;
      }
      if (Status s = handler.organisation(where, *number); !s) {
        failure = s.error();
        return false;
      }
      it = by_number.emplace(f[0], answered.size()).first;
      answered.emplace_back(framework.assessable().size());
    }
    auto answer = MakeAnswer(framework, where, f[1], f[2], f.size() > 3 ? f[3] : "",
                             f.size() > 4 ? f[4] : "", f.size() > 5 ? f[5] : "");
    if (!answer) {
      failure = answer.error();
      return false;
    }
    const int position = framework.AssessablePosition(framework.Find(answer->node_id));
    if (answered[it->second][position]) {
      failure = MakeError(where + ": " + answer->node_id + " is answered twice for " + f[0]);
      return false;
    }
    if (Status s = handler.answer(where, it->second, *answer); !s) {
      failure = s.error();
      return false;
    }
    answered[it->second][position] = true;
    return true;
  });
  if (!parsed) return parsed.error();
  if (failure) return *failure;
  if (header) return MakeError("the campaign file is empty");
  return OkStatus();
}

}  // namespace hoshitori::interchange
