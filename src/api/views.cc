#include "api/views.h"

namespace hoshitori::api {

using nlohmann::json;

json HeldJson(const HeldLevel& held) {
  json out{{"star", held.star}, {"reasons", held.reasons}};
  out["valid_until"] = held.valid_until ? json(FormatDate(*held.valid_until)) : json(nullptr);
  return out;
}

json InferenceJson(const Framework& target, const InferenceResult& result) {
  json nodes = json::array();
  for (size_t i = 0; i < result.nodes.size(); ++i) {
    const InferredNode& inferred = result.nodes[i];
    const RequirementNode& n = target.nodes()[target.assessable()[i]];
    json provenance = json::array();
    for (const ProvenanceChain& chain : inferred.provenance) {
      json steps = json::array();
      for (const ProvenanceStep& step : chain.steps) {
        json s{{"framework", step.framework}, {"node", step.node_id}};
        if (!step.relationship.empty()) {
          s["relationship"] = step.relationship;
          s["mapping_set"] = step.mapping_set;
          s["full"] = step.full;
        }
        steps.push_back(s);
      }
      provenance.push_back(json{{"answered", AnswerStatusName(chain.original)}, {"steps", steps}});
    }
    nodes.push_back(json{{"id", n.id},
                         {"ref", n.ref},
                         {"status", AnswerStatusName(inferred.status)},
                         {"reached", inferred.reached},
                         {"provenance", provenance}});
  }
  return json{{"route", result.route}, {"to", target.id}, {"results", nodes}};
}

json UserJson(const User& u) {
  return json{{"id", u.id}, {"org_id", u.org_id}, {"email", u.email}, {"display_name", u.display_name},
              {"role", RoleName(u.role)}, {"created_at", u.created_at},
              {"disabled_at", u.disabled_at ? json(*u.disabled_at) : json(nullptr)}};
}

json OrganisationJson(const Organisation& o) {
  json out{{"id", o.id},
           {"corporate_number", o.corporate_number.digits()},
           {"name", o.name},
           {"industry", o.industry.ToString()},
           {"sme_sector", SmeSectorName(o.industry.sector())},
           {"is_sme", o.is_sme()},
           {"created_at", o.created_at}};
  out["employees"] = o.employees ? json(*o.employees) : json(nullptr);
  out["capital_yen"] = o.capital_yen ? json(*o.capital_yen) : json(nullptr);
  return out;
}

json AssessmentJson(const AssessmentRecord& a) {
  json out{{"id", a.id},
           {"org_id", a.org_id},
           {"framework", a.framework_id},
           {"scope", a.scope},
           {"status", AssessmentStatusName(a.attestation.status)},
           {"attestation", AttestationKindName(a.attestation.kind)},
           {"management_declaration", a.attestation.management_declaration},
           {"created_at", a.created_at},
           {"updated_at", a.updated_at}};
  out["valid_from"] = a.attestation.valid_from ? json(FormatDate(*a.attestation.valid_from)) : json(nullptr);
  out["valid_until"] = a.attestation.valid_until ? json(FormatDate(*a.attestation.valid_until)) : json(nullptr);
  return out;
}

json FrameworkJson(const Framework& f) {
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


json RelationshipJson(const SupplyGraph& graph, EdgeId e, const std::function<json(NodeId)>& party) {
  const SupplyRelationship r = graph.relationship(e);
  json out{{"buyer", party(graph.buyer(e))},
           {"supplier", party(graph.supplier(e))},
           {"kind", RelationshipKindName(r.kind)},
           {"data", DataHandledName(r.data)},
           {"connectivity", ConnectivityName(r.connectivity)},
           {"substitutability", SubstitutabilityName(r.substitutability)},
           {"production_critical", r.production_critical},
           {"on_supplier_it", r.on_supplier_it},
           {"critical", graph.critical(e)}};
  out["start"] = r.start ? json(FormatDate(*r.start)) : json(nullptr);
  out["end"] = r.end ? json(FormatDate(*r.end)) : json(nullptr);
  return out;
}

nlohmann::json AssessmentViewJson(const service::AssessmentView& view, bool details) {
  nlohmann::json out = AssessmentJson(view.record);
  out["eligible_star"] = view.result.eligible_star;
  out["held"] = HeldJson(view.held);
  if (details) out["result"] = nlohmann::json::parse(view.result.evaluation, nullptr, false);
  return out;
}

}  // namespace hoshitori::api
