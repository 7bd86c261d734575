// hoshitori crosswalk coverage --from A --to B [--json]
#include <cstdio>
#include <iostream>

#include "app/context.h"
#include "app/output.h"
#include "interchange/coverage.h"

namespace hoshitori::app {

namespace {

double Percent(int part, int total) { return total == 0 ? 0.0 : 100.0 * part / total; }

std::string Row(const std::string& label, const interchange::CoverageCount& count) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, "%4d %5.1f%%  %4d %5.1f%%  %4d %5.1f%%  %8d", count.fully,
                Percent(count.fully, count.total()), count.partially, Percent(count.partially, count.total()),
                count.not_determined, Percent(count.not_determined, count.total()), count.total());
  return std::string(buffer) + "  " + label + "\n";
}

nlohmann::json CountJson(const interchange::CoverageCount& count) {
  auto round1 = [](double v) { return static_cast<double>(static_cast<long long>(v * 10 + 0.5)) / 10; };
  return {{"fully", count.fully},
          {"partially", count.partially},
          {"not", count.not_determined},
          {"total", count.total()},
          {"fully_percent", round1(Percent(count.fully, count.total()))},
          {"partially_percent", round1(Percent(count.partially, count.total()))},
          {"not_percent", round1(Percent(count.not_determined, count.total()))}};
}

}  // namespace

void AddCrosswalkCoverageCommand(CLI::App& app, Context& context) {
  CLI::App* crosswalk = app.get_subcommand("crosswalk");
  struct Options {
    std::string from, to;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* coverage = crosswalk->add_subcommand(
      "coverage", "how much of --to an assessment of --from determines / 読み替えで判定できる範囲");
  coverage->add_option("--from", options->from, "framework that is assessed")->required();
  coverage->add_option("--to", options->to, "framework to read the results in")->required();
  coverage->add_flag("--json", options->json, "JSON output");
  coverage->callback([&context, options] {
    const Framework& to = context.framework(options->to);
    context.framework(options->from);
    const auto report = Require(interchange::CrosswalkCoverage(context.catalog(), options->from, options->to));
    if (options->json) {
      nlohmann::json categories = nlohmann::json::array();
      for (size_t c = 0; c < to.categories.size(); ++c) {
        nlohmann::json item = CountJson(report.categories[c]);
        item["category"] = to.categories[c].id;
        item["name"] = TextJson(to.categories[c].name);
        categories.push_back(std::move(item));
      }
      nlohmann::json criteria = nlohmann::json::array();
      for (size_t i = 0; i < report.criterion.size(); ++i) {
        static const char* kNames[] = {"not", "partially", "fully"};
        criteria.push_back({{"id", to.nodes()[to.assessable()[i]].id}, {"determined", kNames[report.criterion[i]]}});
      }
      std::cout << nlohmann::json{{"from", options->from},
                                  {"to", options->to},
                                  {"route", report.route},
                                  {"total", CountJson(report.total)},
                                  {"partially_but_full_route", report.partially_but_full_route},
                                  {"categories", categories},
                                  {"criteria", criteria}}
                       .dump(2)
                << "\n";
      return;
    }
    std::string route;
    for (const std::string& id : report.route) route += (route.empty() ? "" : " → ") + id;
    std::cout << "読み替えの範囲 / crosswalk coverage: " << options->from << " → " << options->to << "\n"
              << "経路 / route: " << route << "\n\n"
              << " fully/完全  partly/一部     not/不可  total/計  category/分類\n";
    for (size_t c = 0; c < to.categories.size(); ++c) {
      if (report.categories[c].total() == 0) continue;
      std::cout << Row(to.categories[c].name.In(context.lang), report.categories[c]);
    }
    std::cout << Row("計 / total", report.total);
    if (report.partially_but_full_route > 0) {
      std::cout << "\n一部のうち " << report.partially_but_full_route
                << " 項目は完全なマッピングでも届いていますが、部分的なマッピングも届くため「一部」です（最も厳しい結果を採用）。\n"
                << "Of the partial ones, " << report.partially_but_full_route
                << " are also reached by full-coverage mappings but stay partial because a partial mapping reaches them too (most restrictive wins).\n";
    }
  });
}

}  // namespace hoshitori::app
