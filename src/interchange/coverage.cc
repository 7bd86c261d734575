#include "interchange/coverage.h"

#include "assess/crosswalk.h"

namespace hoshitori::interchange {

Result<CoverageReport> CrosswalkCoverage(const Catalog& catalog, const std::string& from, const std::string& to) {
  const Framework* source = catalog.FindFramework(from);
  const Framework* target = catalog.FindFramework(to);
  if (!source) return MakeError("framework '" + from + "' is not in the catalog");
  if (!target) return MakeError("framework '" + to + "' is not in the catalog");
  ResponseVector everything(source->assessable().size());
  for (size_t i = 0; i < everything.size(); ++i) {
    everything.status[i] = AnswerStatus::kImplemented;
    everything.answered[i] = true;
  }
  CoverageReport report;
  report.categories.resize(target->categories.size());
  report.criterion.assign(target->assessable().size(), 0);
  if (from == to) {
    report.route = {from};
  } else {
    auto inferred = CrosswalkEngine(catalog).Infer(from, to, everything);
    if (!inferred) return inferred.error();
    report.route = inferred->route;
    for (size_t i = 0; i < inferred->nodes.size(); ++i) {
      const InferredNode& node = inferred->nodes[i];
      if (!node.reached) continue;
      if (node.status == AnswerStatus::kImplemented) report.criterion[i] = 2;
      if (node.status == AnswerStatus::kPartial) {
        report.criterion[i] = 1;
        for (const ProvenanceChain& chain : node.provenance) {
          bool full = true;
          for (const ProvenanceStep& step : chain.steps) full = full && step.full;
          if (full) {
            ++report.partially_but_full_route;
            break;
          }
        }
      }
    }
  }
  if (from == to) report.criterion.assign(target->assessable().size(), 2);
  for (size_t i = 0; i < report.criterion.size(); ++i) {
    const int category = target->nodes()[target->assessable()[i]].category;
    for (CoverageCount* count : {&report.total, category >= 0 ? &report.categories[category] : nullptr}) {
      if (!count) continue;
      if (report.criterion[i] == 2) ++count->fully;
      else if (report.criterion[i] == 1) ++count->partially;
      else ++count->not_determined;
    }
  }
  return report;
}

}  // namespace hoshitori::interchange
