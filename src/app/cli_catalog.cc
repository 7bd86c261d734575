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

nlohmann::json FrameworkJson(const Framework& f) {
  using nlohmann::json;
  json categories = json::array();
  for (const Category& c : f.categories) categories.push_back(json{{"id", c.id}, {"name", TextJson(c.name)}});
  json nodes = json::array();
  for (const RequirementNode& n : f.nodes()) {
    json levels = json::array();
    for (int bit = 0; bit < 8; ++bit) {
      if (n.levels & (1 << bit)) levels.push_back(LevelTagName(static_cast<LevelTag>(1 << bit)));
    }
    json node{{"id", n.id},       {"ref", n.ref},
              {"title", TextJson(n.title)},
              {"assessable", n.assessable},
              {"levels", levels}, {"weight", n.weight}, {"effort", n.effort}};
    node["parent"] = n.parent >= 0 ? json(f.nodes()[n.parent].id) : json(nullptr);
    if (n.category >= 0) node["category"] = f.categories[n.category].id;
    if (!n.description.ja.empty()) node["description"] = TextJson(n.description);
    if (!n.why.ja.empty()) node["why"] = TextJson(n.why);
    if (!n.evidence.ja.empty()) node["evidence"] = TextJson(n.evidence);
    if (!n.choices.empty()) {
      json choices = json::array();
      for (const Choice& c : n.choices) {
        choices.push_back(json{{"id", c.id}, {"status", AnswerStatusName(c.status)},
                               {"points", c.points}, {"label", TextJson(c.label)}});
      }
      node["choices"] = choices;
    }
    nodes.push_back(node);
  }
  return json{{"id", f.id},
              {"version", f.version},
              {"name", TextJson(f.name)},
              {"publisher", TextJson(f.publisher)},
              {"source_url", f.source_url},
              {"licence_note", TextJson(f.licence_note)},
              {"categories", categories},
              {"nodes", nodes}};
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
    const CatalogProblems problems = ValidateCatalogDirectory(dir, &loaded);
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
      std::cout << FrameworkJson(f).dump(2) << "\n";
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
