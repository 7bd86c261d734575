#include "service/results.h"

#include <map>

#include "interchange/evaluation_json.h"
#include "assess/scheme_level.h"
#include "assess/scoring.h"
#include "interchange/catalog_yaml.h"
#include "service/context.h"
#include "service/security.h"

namespace hoshitori::service {

std::string CatalogDigest(const Catalog& catalog, const Framework& framework) {
  // Written out in the catalog format, which holds every field that scoring reads.
  return catalog.Memo("result-digest:" + framework.id, [&] {
    std::string text = interchange::FrameworkToYaml(framework);
    const Framework* scheme = catalog.FindFramework(kSchemeFrameworkId);
    if (scheme && scheme != &framework) {
      text += interchange::FrameworkToYaml(*scheme);
      for (const MappingSet& set : catalog.mapping_sets()) text += interchange::MappingSetToYaml(set);
    }
    return service::Sha256Hex(text);
  });
}

AssessmentResult DeriveResult(const Catalog& catalog, const Framework& framework, int64_t assessment_id,
                              const std::vector<Answer>& answers) {
  std::optional<SchemeReading> scheme;
  const Evaluation evaluation = EvaluateForLevel(catalog, framework, ToResponseVector(framework, answers), &scheme);
  nlohmann::json json = interchange::EvaluationJson(framework, evaluation);
  if (scheme) {
    json["scheme"] = nlohmann::json{{"framework", kSchemeFrameworkId},
                                    {"eligible_star", scheme->eligible_star},
                                    {"next_star", scheme->next_star},
                                    {"gaps_to_next", scheme->gaps_to_next}};
  }
  AssessmentResult result{assessment_id, evaluation.eligible_star, evaluation.present_stars, json.dump(), UtcNow(),
                          CatalogDigest(catalog, framework)};
  for (const CategoryScore& c : evaluation.categories) {
    result.categories.push_back(CategoryResult{framework.categories[static_cast<size_t>(c.category)].id,
                                               c.coverage, c.maturity});
  }
  return result;
}

Result<AssessmentResult> StoredResult(Store& store, const Catalog& catalog, const AssessmentRecord& record) {
  auto stored = store.GetAssessmentResult(record.id);
  if (!stored) return stored.error();
  if (*stored) return **stored;
  const Framework* framework = catalog.FindFramework(record.framework_id);
  if (!framework) return MakeError("framework " + record.framework_id + " of assessment " + std::to_string(record.id) +
                                   " is no longer in the catalog");
  auto answers = store.LoadAnswers(record.id);
  if (!answers) return answers.error();
  AssessmentResult result = DeriveResult(catalog, *framework, record.id, *answers);
  if (Status s = store.PutAssessmentResult(result); !s) return s.error();
  return result;
}

Result<int64_t> FillMissingResults(Store& store, const Catalog& catalog) {
  auto ids = store.AssessmentsWithoutResult();
  if (!ids) return ids.error();
  int64_t filled = 0;
  for (int64_t id : *ids) {
    auto record = store.GetAssessment(id);
    if (!record) return record.error();
    if (!*record) continue;
    if (auto result = StoredResult(store, catalog, **record); !result) return result.error();
    ++filled;
  }
  return filled;
}

Result<int64_t> RefreshResults(Store& store, const Catalog& catalog, bool all) {
  TRY_ASSIGN(const auto stamps, store.ListResultStamps());
  std::map<std::string, std::string> digests;  // framework id -> current digest
  int64_t stored = 0;
  for (const ResultStamp& stamp : stamps) {
    const Framework* framework = catalog.FindFramework(stamp.framework_id);
    if (!framework) continue;
    auto [digest, inserted] = digests.try_emplace(stamp.framework_id);
    if (inserted) digest->second = CatalogDigest(catalog, *framework);
    if (!all && stamp.catalog_digest == digest->second) continue;
    TRY_ASSIGN(const auto answers, store.LoadAnswers(stamp.assessment_id));
    TRY(store.PutAssessmentResult(DeriveResult(catalog, *framework, stamp.assessment_id, answers)));
    ++stored;
  }
  TRY_ASSIGN(const int64_t filled, FillMissingResults(store, catalog));
  return stored + filled;
}

}  // namespace hoshitori::service
