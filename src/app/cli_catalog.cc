// hoshitori catalog validate|list|show
#include <iostream>

#include "app/context.h"
#include "app/output.h"
#include "catalog/catalog_loader.h"

namespace hoshitori::app {

namespace {

void PrintTree(const Framework& framework, NodeIndex index, int depth, const std::string& lang) {
  const RequirementNode& node = framework.nodes()[index];
  std::cout << std::string(depth * 2, ' ') << "[" << node.ref << "] " << node.title.In(lang);
  if (node.levels) {
    std::cout << "  (";
    bool first = true;
    for (int bit = 0; bit < 8; ++bit) {
      if (node.levels & (1 << bit)) {
        std::cout << (first ? "" : " ") << LevelTagName(static_cast<LevelTag>(1 << bit));
        first = false;
      }
    }
    std::cout << ")";
  }
  std::cout << "\n";
  for (NodeIndex child : node.children) PrintTree(framework, child, depth + 1, lang);
}

}  // namespace

void AddCatalogCommands(CLI::App& app, Context& context) {
  CLI::App* catalog = app.add_subcommand("catalog", "frameworks and crosswalks / 基準とマッピング");
  catalog->require_subcommand(1);

  auto* validate = catalog->add_subcommand("validate", "check catalog files / カタログを検査");
  auto directory = std::make_shared<std::string>();
  validate->add_option("dir", *directory, "catalog directory (default: the configured one)");
  validate->callback([&context, directory] {
    const std::string dir = directory->empty() ? context.CatalogDirectory() : *directory;
    Catalog loaded;
    const CatalogProblems problems = ValidateCatalogDirectory(dir, &loaded, CatalogChecks::kReview);
    if (!problems.empty()) {
      throw CommandFailure{std::to_string(problems.messages.size()) + " problem(s) in " + dir +
                           ":\n" + problems.Joined()};
    }
    size_t nodes = 0, mappings = 0;
    for (const auto& [id, f] : loaded.frameworks()) nodes += f->nodes().size();
    for (const MappingSet& set : loaded.mapping_sets()) mappings += set.mappings.size();
    std::cout << "OK: " << loaded.frameworks().size() << " frameworks (" << nodes << " nodes), "
              << loaded.mapping_sets().size() << " mapping sets (" << mappings << " mappings) in "
              << dir << "\n";
  });

  auto* list = catalog->add_subcommand("list", "list frameworks and mapping sets / 一覧");
  auto list_json = std::make_shared<bool>(false);
  list->add_flag("--json", *list_json, "JSON output");
  list->callback([&context, list_json] {
    const Catalog& c = context.catalog();
    if (*list_json) {
      nlohmann::json frameworks = nlohmann::json::array();
      for (const auto& [id, f] : c.frameworks()) {
        frameworks.push_back({{"id", id}, {"name", TextJson(f->name)}, {"version", f->version},
                              {"nodes", f->nodes().size()}, {"assessable", f->assessable().size()}});
      }
      nlohmann::json sets = nlohmann::json::array();
      for (const MappingSet& s : c.mapping_sets()) {
        sets.push_back({{"id", s.id}, {"source", s.source}, {"target", s.target},
                        {"mappings", s.mappings.size()}});
      }
      std::cout << nlohmann::json{{"frameworks", frameworks}, {"mapping_sets", sets}}.dump(2) << "\n";
      return;
    }
    std::cout << "基準 / frameworks:\n";
    for (const auto& [id, f] : c.frameworks()) {
      std::cout << "  " << id << "  " << f->name.In(context.lang) << "  (" << f->assessable().size()
                << " assessable / 評価項目)\n";
    }
    std::cout << "マッピング / mapping sets:\n";
    for (const MappingSet& s : c.mapping_sets()) {
      std::cout << "  " << s.id << "  " << s.source << " → " << s.target << "  (" << s.mappings.size()
                << " mappings)\n";
    }
  });

  auto* show = catalog->add_subcommand("show", "show one framework / 基準を表示");
  auto show_id = std::make_shared<std::string>();
  auto show_json = std::make_shared<bool>(false);
  show->add_option("id", *show_id, "framework id")->required();
  show->add_flag("--json", *show_json, "JSON output");
  show->callback([&context, show_id, show_json] {
    const Framework& f = context.framework(*show_id);
    if (*show_json) {
      std::cout << api::FrameworkJson(f).dump(2) << "\n";
      return;
    }
    std::cout << f.name.In(context.lang) << " (" << f.id << " " << f.version << ")\n"
              << f.publisher.In(context.lang) << "  " << f.source_url << "\n"
              << f.licence_note.In(context.lang) << "\n\n";
    for (NodeIndex i = 0; i < static_cast<NodeIndex>(f.nodes().size()); ++i) {
      if (f.nodes()[i].parent < 0) PrintTree(f, i, 0, context.lang);
    }
  });
}

}  // namespace hoshitori::app
