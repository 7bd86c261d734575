#include "interchange/catalog_yaml.h"

#include <yaml-cpp/yaml.h>

#include "catalog/catalog_loader.h"
#include "interchange/text.h"

namespace hoshitori::interchange {

namespace {

void EmitText(YAML::Emitter& out, const char* key, const LocalizedText& text) {
  out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "ja"
      << YAML::Value << YAML::DoubleQuoted << text.ja << YAML::Key << "en" << YAML::Value
      << YAML::DoubleQuoted << text.en << YAML::EndMap;
}

// Optional texts are written only when both languages are present (the loader insists on both).
void EmitOptionalText(YAML::Emitter& out, const char* key, const LocalizedText& text) {
  if (!text.ja.empty() && !text.en.empty()) EmitText(out, key, text);
}

void EmitNode(YAML::Emitter& out, const Framework& framework, NodeIndex index, int inherited_category) {
  const RequirementNode& node = framework.nodes()[index];
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << YAML::DoubleQuoted << node.id;
  if (node.ref != node.id) out << YAML::Key << "ref" << YAML::Value << YAML::DoubleQuoted << node.ref;
  const bool default_assessable = node.children.empty();
  if (node.assessable != default_assessable) out << YAML::Key << "assessable" << YAML::Value << node.assessable;
  if (node.category >= 0 && node.category != inherited_category) {
    out << YAML::Key << "category" << YAML::Value << framework.categories[node.category].id;
  }
  EmitText(out, "title", node.title);
  EmitOptionalText(out, "description", node.description);
  EmitOptionalText(out, "why", node.why);
  EmitOptionalText(out, "evidence", node.evidence);
  if (node.levels) {
    out << YAML::Key << "levels" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (int bit = 0; bit < 8; ++bit) {
      if (node.levels & (1 << bit)) out << std::string(LevelTagName(static_cast<LevelTag>(1 << bit)));
    }
    out << YAML::EndSeq;
  }
  if (node.weight != 3) out << YAML::Key << "weight" << YAML::Value << node.weight;
  if (node.effort != 2) out << YAML::Key << "effort" << YAML::Value << node.effort;
  if (!node.choices.empty()) {
    out << YAML::Key << "choices" << YAML::Value << YAML::BeginSeq;
    for (const Choice& choice : node.choices) {
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "id" << YAML::Value << YAML::DoubleQuoted
          << choice.id << YAML::Key << "status" << YAML::Value
          << std::string(AnswerStatusName(choice.status)) << YAML::Key << "points" << YAML::Value
          << choice.points;
      EmitText(out, "label", choice.label);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (!node.children.empty()) {
    out << YAML::Key << "children" << YAML::Value << YAML::BeginSeq;
    for (NodeIndex child : node.children) EmitNode(out, framework, child, node.category);
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
}

std::string WithHeader(std::string_view header_comment, const char* body) {
  std::string text;
  std::string_view rest = header_comment;
  while (!rest.empty()) {
    const size_t end = rest.find('\n');
    text += "# ";
    text += rest.substr(0, end);
    text += '\n';
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  text += body;
  text += '\n';
  return text;
}

}  // namespace

std::string FrameworkToYaml(const Framework& framework, std::string_view header_comment) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "framework" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << framework.id;
  out << YAML::Key << "version" << YAML::Value << YAML::DoubleQuoted << framework.version;
  EmitText(out, "name", framework.name);
  EmitText(out, "publisher", framework.publisher);
  if (!framework.source_url.empty()) {
    out << YAML::Key << "source_url" << YAML::Value << YAML::DoubleQuoted << framework.source_url;
  }
  EmitText(out, "licence_note", framework.licence_note);
  out << YAML::Key << "categories" << YAML::Value << YAML::BeginSeq;
  for (const Category& category : framework.categories) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "id" << YAML::Value << YAML::DoubleQuoted
        << category.id;
    EmitText(out, "name", category.name);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  if (framework.scoring) {
    const Scoring& scoring = *framework.scoring;
    out << YAML::Key << "scoring" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "method" << YAML::Value << "points";
    out << YAML::Key << "max" << YAML::Value << scoring.max;
    out << YAML::Key << "not_applicable_counts_as" << YAML::Value
        << std::string(AnswerStatusName(scoring.not_applicable_counts_as));
    out << YAML::Key << "bands" << YAML::Value << YAML::BeginSeq;
    for (const ScoringBand& band : scoring.bands) {
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "min" << YAML::Value << band.min
          << YAML::Key << "max" << YAML::Value << band.max;
      EmitText(out, "label", band.label);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap;
  }
  out << YAML::EndMap;
  out << YAML::Key << "nodes" << YAML::Value << YAML::BeginSeq;
  for (NodeIndex i = 0; i < static_cast<NodeIndex>(framework.nodes().size()); ++i) {
    if (framework.nodes()[i].parent < 0) EmitNode(out, framework, i, -1);
  }
  out << YAML::EndSeq << YAML::EndMap;
  return WithHeader(header_comment, out.c_str());
}

std::string MappingSetToYaml(const MappingSet& set, std::string_view header_comment) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "mapping_set" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << set.id;
  out << YAML::Key << "source" << YAML::Value << set.source;
  out << YAML::Key << "target" << YAML::Value << set.target;
  EmitText(out, "name", set.name);
  EmitOptionalText(out, "note", set.note);
  if (set.complete_decomposition) out << YAML::Key << "decomposition" << YAML::Value << "complete";
  out << YAML::EndMap;
  out << YAML::Key << "mappings" << YAML::Value << YAML::BeginSeq;
  for (const Mapping& m : set.mappings) {
    out << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "source" << YAML::Value << YAML::DoubleQuoted << m.source;
    out << YAML::Key << "target" << YAML::Value << YAML::DoubleQuoted << m.target;
    out << YAML::Key << "relationship" << YAML::Value << std::string(RelationshipName(m.relationship));
    if (m.coverage) out << YAML::Key << "coverage" << YAML::Value << DecimalText(*m.coverage);
    if (m.confidence != Confidence::kUnspecified) {
      out << YAML::Key << "confidence" << YAML::Value << std::string(ConfidenceName(m.confidence));
    }
    if (!m.rationale.ja.empty() || !m.rationale.en.empty()) {
      out << YAML::Key << "rationale" << YAML::Value << YAML::BeginMap;
      if (!m.rationale.ja.empty()) out << YAML::Key << "ja" << YAML::Value << YAML::DoubleQuoted << m.rationale.ja;
      if (!m.rationale.en.empty()) out << YAML::Key << "en" << YAML::Value << YAML::DoubleQuoted << m.rationale.en;
      out << YAML::EndMap;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  return WithHeader(header_comment, out.c_str());
}

Result<Framework> FrameworkFromYaml(std::string_view text, const std::string& file_name) {
  Catalog catalog;
  CatalogProblems problems;
  LoadCatalogText(text, file_name, catalog, problems);
  if (!problems.empty()) return MakeError(problems.Joined());
  if (catalog.frameworks().size() != 1) return MakeError(file_name + ":1: not a framework file");
  return *catalog.frameworks().begin()->second;
}

Result<MappingSet> MappingSetFromYaml(std::string_view text, const std::string& file_name) {
  Catalog catalog;
  CatalogProblems problems;
  LoadCatalogText(text, file_name, catalog, problems);
  if (!problems.empty()) return MakeError(problems.Joined());
  if (catalog.mapping_sets().size() != 1) return MakeError(file_name + ":1: not a mapping file");
  return catalog.mapping_sets().front();
}

}  // namespace hoshitori::interchange
