// hoshitori chain import|disclose|policy|tiers|exposure|blast-radius|concentration|compliance
//
// Buyer-side analyses (tiers, exposure, compliance, single points of failure) show the
// chain as the buyer sees it: its own relationships, and deeper tiers only where the
// declaring organisations disclosed them (`chain disclose`). Blast radius and concentration
// across chains are the platform operator's / information-sharing hub's view of every
// relationship. Suppliers' levels come from the assessments their suppliers really shared
// with the buyer (active shares) and the stored results of those assessments, and the
// requirements from the buyer's stored policy (or the default plus a --policy file), as on
// the buyer's pages (service::SharedWithBuyer, service::EffectivePolicy).
//
// These commands are adapters: they parse options and format text or JSON; the store is read
// and written by service::OperatorChainService (service/operator_chain_service.h) as the
// scheme operator (app::OperatorContext). The operator on the command line, with the database
// in hand, reads every buyer's chain, including the operator-wide views (blast radius and
// concentration across all chains) and a buyer's analyses under a --policy file; no HTTP
// caller can be the operator. `chain disclose` is audited as "relationship.disclose".
#include <algorithm>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/operator_context.h"
#include "app/output.h"
#include "chain/compliance.h"
#include "chain/concentration.h"
#include "chain/policy.h"
#include "chain/traversal.h"
#include "service/operator_chain_service.h"

namespace hoshitori::app {

namespace {

using nlohmann::json;

// The operator's view of the chain (service::OperatorChainView), opened once per command,
// with the formatting every analysis shares. Lookups that fail end the command with exit
// code 1 and the service's message.
class ChainSession {
 public:
  // Without a catalog: for the analyses that read no assessment.
  explicit ChainSession(Context& context)
      : operator_(context), view_(Require(operator_.chain().Open())) {}
  // With the command's catalog: for UseSharesWith, which may score shared assessments.
  ChainSession(Context& context, const Catalog& catalog)
      : operator_(context, catalog), view_(Require(operator_.chain().Open())) {}

  const SupplyGraph& graph() const { return view_.graph(); }
  TraversalWorkspace& workspace() { return view_.workspace(); }

  NodeId Node(const std::string& corporate_number) {
    return Succeeded(view_.Node(Require(CorporateNumber::Parse(corporate_number))));
  }

  const Organisation& Org(NodeId node) { return *Succeeded(view_.Org(node)); }

  std::string Name(NodeId node) { return Org(node).name; }

  json OrgJson(NodeId node) {
    const Organisation& o = Org(node);
    return json{{"corporate_number", o.corporate_number.digits()}, {"name", o.name}};
  }

  json PathJson(const std::vector<EdgeId>& path) {
    json out = json::array();
    for (EdgeId e : path) {
      json item = RelationshipJson(graph(), e, [this](NodeId n) { return json(Org(n).corporate_number.digits()); });
      item["relationship_id"] = graph().relationship_id(e);
      out.push_back(item);
    }
    return out;
  }

  // "A → B → C" from the first buyer to the last supplier.
  std::string PathText(const std::vector<EdgeId>& path) {
    if (path.empty()) return "";
    std::string out = Name(graph().buyer(path.front()));
    for (EdgeId e : path) {
      out += " →(" + std::string(RelationshipKindName(graph().kind(e)));
      if (graph().critical(e)) out += ", critical";
      out += ") " + Name(graph().supplier(e));
    }
    return out;
  }

  SupplierFacts Facts(NodeId node) {
    const Organisation& o = Org(node);
    return SupplierFacts{o.is_sme(), o.industry.ToString()};
  }

  // Reads what `buyer` was shown (needs the session opened with the catalog).
  void UseSharesWith(NodeId buyer) { Require(view_.UseSharesWith(buyer)); }
  SupplierStanding Standing(NodeId node) const { return view_.Standing(node); }

  // The default policy plus the rules of `file`, or plus the buyer's stored rules without one.
  RequirementPolicy Policy(NodeId buyer, const std::string& file) {
    std::optional<service::OwnRules> own;
    if (!file.empty()) own = service::OwnRules{ReadFile(file), file};
    return Require(view_.Policy(buyer, own));
  }

 private:
  OperatorContext operator_;
  service::OperatorChainView view_;
};

size_t Limit(int limit, size_t size) { return limit <= 0 ? size : std::min<size_t>(size, limit); }

std::string StatusLabel(ComplianceStatus status) {
  switch (status) {
    case ComplianceStatus::kMeets: return "meets / 充足";
    case ComplianceStatus::kBelow: return "below / 不足";
    case ComplianceStatus::kUnknown: return "unknown / 不明";
    case ComplianceStatus::kExpired: return "expired / 期限切れ";
  }
  return "";
}

json ComplianceJson(ChainSession& session, const ComplianceReport& report, int limit) {
  json entries = json::array();
  for (size_t i = 0; i < Limit(limit, report.entries.size()); ++i) {
    const ComplianceEntry& entry = report.entries[i];
    json item = session.OrgJson(entry.supplier);
    item["tier"] = entry.tier;
    item["status"] = ComplianceStatusName(entry.status);
    item["required_star"] = entry.requirement.star;
    item["required_attestation"] = AttestationKindName(entry.requirement.attestation);
    item["rule"] = entry.requirement.rule;
    item["rule_reason"] = entry.requirement.reason;
    item["matched_rules"] = entry.requirement.matched;
    item["held_star"] = entry.standing.held_star;
    item["reason"] = entry.reason;
    if (entry.deciding_edge != kNoIndex) {
      item["deciding_relationship"] = session.PathJson({entry.deciding_edge})[0];
    }
    entries.push_back(item);
  }
  json tiers = json::array();
  for (size_t t = 1; t < report.counts_by_tier.size(); ++t) {
    const auto& c = report.counts_by_tier[t];
    tiers.push_back(json{{"tier", t}, {"meets", c[0]}, {"below", c[1]}, {"unknown", c[2]}, {"expired", c[3]}});
  }
  json out = session.OrgJson(report.buyer);
  out["suppliers"] = report.entries.size();
  out["totals"] = json{{"meets", report.totals[0]}, {"below", report.totals[1]},
                       {"unknown", report.totals[2]}, {"expired", report.totals[3]}};
  out["by_tier"] = tiers;
  out["entries"] = entries;
  return out;
}

}  // namespace

void AddChainCommands(CLI::App& app, Context& context) {
  CLI::App* chain = app.add_subcommand("chain", "supply chain / サプライチェーン");
  chain->require_subcommand(1);

  // --- import
  struct ImportOptions {
    std::string file, declared_by;
  };
  auto import_options = std::make_shared<ImportOptions>();
  // The operator's bulk import is trusted: its relationships are stored confirmed by both
  // parties (declarations through the API wait for the other party's confirmation).
  auto* import = chain->add_subcommand(
      "import", "import relationships from CSV or JSON, stored as confirmed (operator's import) / 取引関係の取り込み（確認済みとして登録）");
  import->add_option("file", import_options->file,
                     "CSV (buyer,supplier,kind,data,connectivity,substitutability,critical,"
                     "on_supplier_it,start,end,declared_by) or JSON")
      ->required();
  import->add_option("--declared-by", import_options->declared_by,
                     "corporate number of the organisation declaring every row");
  import->callback([&context, import_options] {
    service::RelationshipImportOptions options;
    if (!import_options->declared_by.empty()) {
      options.declared_by = Require(CorporateNumber::Parse(import_options->declared_by));
    }
    OperatorContext operator_context(context);
    const auto summary =
        Require(operator_context.imports().Relationships(ReadFile(import_options->file), options));
    std::cout << summary.relationships << " relationships imported / 取引関係を取り込みました\n";
  });

  // --- disclose
  struct DiscloseOptions {
    std::string by, to;
    bool upstream = false;
  };
  auto disclose_options = std::make_shared<DiscloseOptions>();
  auto* disclose = chain->add_subcommand(
      "disclose", "let a buyer (or everyone upstream) see the relationships an organisation declared / 開示の同意");
  disclose->add_option("--by", disclose_options->by, "corporate number of the declaring organisation")->required();
  auto* to = disclose->add_option("--to", disclose_options->to, "corporate number of the organisation allowed to see");
  auto* upstream = disclose->add_flag("--upstream", disclose_options->upstream, "every organisation upstream in the chain");
  to->excludes(upstream);
  disclose->callback([&context, disclose_options] {
    if (disclose_options->to.empty() && !disclose_options->upstream) {
      throw CommandFailure{"say whom to disclose to: --to <corporate number> or --upstream"};
    }
    const CorporateNumber by = Require(CorporateNumber::Parse(disclose_options->by));
    std::optional<CorporateNumber> viewer;
    if (!disclose_options->to.empty()) viewer = Require(CorporateNumber::Parse(disclose_options->to));
    OperatorContext operator_context(context);
    const auto disclosed = Succeeded(operator_context.chain().Disclose(by, viewer));
    const std::string whom = disclosed.viewer ? disclosed.viewer->name : "every organisation upstream / 上流の全組織";
    std::cout << disclosed.declarer.name << " discloses its declared relationships to " << whom
              << " / 開示に同意しました\n";
  });

  // --- policy
  auto policy_file = std::make_shared<std::string>();
  auto* policy = chain->add_subcommand("policy", "check and show the requirement policy / 要求ポリシー");
  policy->add_option("--policy", *policy_file, "buyer's own rules added to the default policy");
  policy->callback([policy_file] {
    std::cout << RequirementPolicy::DefaultText();
    if (!policy_file->empty()) {
      const std::string text = ReadFile(*policy_file);
      Require(RequirementPolicy::Default().With(Require(RequirementPolicy::Parse(text, *policy_file))));
      std::cout << "# added by " << *policy_file << "\n" << text;
    }
  });

  // --- tiers
  struct TiersOptions {
    std::string buyer, paths_to;
    int max_tier = kUnlimitedTiers;
    int max_paths = 20;
    int limit = 100;
    bool json = false;
  };
  auto tiers_options = std::make_shared<TiersOptions>();
  auto* tiers = chain->add_subcommand("tiers", "tier of every supplier a buyer can see / 取引先の階層");
  tiers->add_option("buyer", tiers_options->buyer, "corporate number of the buyer")->required();
  tiers->add_option("--max-tier", tiers_options->max_tier, "deepest tier (default: all)");
  tiers->add_option("--paths-to", tiers_options->paths_to, "list every path to this supplier instead");
  tiers->add_option("--max-paths", tiers_options->max_paths, "at most this many paths")->capture_default_str();
  tiers->add_option("--limit", tiers_options->limit, "suppliers listed (0: all)")->capture_default_str();
  tiers->add_flag("--json", tiers_options->json, "JSON output");
  tiers->callback([&context, tiers_options] {
    ChainSession session(context);
    const NodeId buyer = session.Node(tiers_options->buyer);
    const GraphView view(session.graph(), buyer, context.today());
    if (!tiers_options->paths_to.empty()) {
      const NodeId supplier = session.Node(tiers_options->paths_to);
      const auto paths = AllPaths(view, buyer, supplier, std::min(tiers_options->max_tier, 32),
                                  static_cast<size_t>(std::max(tiers_options->max_paths, 0)));
      if (tiers_options->json) {
        json out = json::array();
        for (const auto& path : paths) out.push_back(json{{"tier", path.size()}, {"path", session.PathJson(path)}});
        std::cout << out.dump(2) << "\n";
        return;
      }
      std::cout << paths.size() << " paths / 経路\n";
      for (const auto& path : paths) std::cout << "  tier " << path.size() << ": " << session.PathText(path) << "\n";
      return;
    }
    Reach reach;
    ComputeTiers(view, buyer, tiers_options->max_tier, session.workspace(), reach);
    std::map<int, int> per_tier;
    for (size_t i = 1; i < reach.size(); ++i) ++per_tier[reach.tier[i]];
    const size_t shown = Limit(tiers_options->limit, reach.size() - 1);
    if (tiers_options->json) {
      json out = session.OrgJson(buyer);
      out["suppliers"] = reach.size() - 1;
      json counts = json::object();
      for (const auto& [tier, count] : per_tier) counts[std::to_string(tier)] = count;
      out["per_tier"] = counts;
      json list = json::array();
      for (size_t i = 1; i <= shown; ++i) {
        json item = session.OrgJson(reach.node[i]);
        item["tier"] = reach.tier[i];
        item["path"] = session.PathJson(reach.PathTo(static_cast<uint32_t>(i)));
        list.push_back(item);
      }
      out["tiers"] = list;
      std::cout << out.dump(2) << "\n";
      return;
    }
    std::cout << session.Name(buyer) << ": " << reach.size() - 1 << " suppliers visible / 見える取引先\n";
    for (const auto& [tier, count] : per_tier) std::cout << "  tier " << tier << ": " << count << "\n";
    for (size_t i = 1; i <= shown; ++i) {
      std::cout << "  [" << reach.tier[i] << "] " << session.Name(reach.node[i]) << "  ← "
                << session.PathText(reach.PathTo(static_cast<uint32_t>(i))) << "\n";
    }
  });

  // --- compliance and exposure share options
  struct PolicyOptions {
    std::string buyer, policy;
    int limit = 100;
    bool json = false;
  };
  auto compliance_options = std::make_shared<PolicyOptions>();
  auto* compliance = chain->add_subcommand("compliance",
      "who meets the buyer's requirements, by the assessments shared with the buyer (active "
      "shares, stored results) and the buyer's stored policy / "
      "要求の充足状況（買い手に共有された評価と買い手のポリシーによる）");
  compliance->add_option("buyer", compliance_options->buyer, "corporate number of the buyer")->required();
  compliance->add_option("--policy", compliance_options->policy,
                         "rules added to the default policy instead of the buyer's stored ones");
  compliance->add_option("--limit", compliance_options->limit, "suppliers listed (0: all)")->capture_default_str();
  compliance->add_flag("--json", compliance_options->json, "JSON output");
  compliance->callback([&context, compliance_options] {
    ChainSession session(context, context.catalog());
    const NodeId buyer = session.Node(compliance_options->buyer);
    const RequirementPolicy policy = session.Policy(buyer, compliance_options->policy);
    session.UseSharesWith(buyer);
    const GraphView view(session.graph(), buyer, context.today());
    const ComplianceReport report = CheckCompliance(
        view, buyer, policy, [&session](NodeId n) { return session.Facts(n); },
        [&session](NodeId n) { return session.Standing(n); }, session.workspace());
    if (compliance_options->json) {
      std::cout << ComplianceJson(session, report, compliance_options->limit).dump(2) << "\n";
      return;
    }
    std::cout << session.Name(buyer) << ": " << report.entries.size() << " suppliers / 取引先 — meets "
              << report.totals[0] << ", below " << report.totals[1] << ", unknown " << report.totals[2]
              << ", expired " << report.totals[3] << "\n";
    for (size_t t = 1; t < report.counts_by_tier.size(); ++t) {
      const auto& c = report.counts_by_tier[t];
      std::cout << "  tier " << t << ": meets " << c[0] << ", below " << c[1] << ", unknown " << c[2]
                << ", expired " << c[3] << "\n";
    }
    for (size_t i = 0; i < Limit(compliance_options->limit, report.entries.size()); ++i) {
      const ComplianceEntry& entry = report.entries[i];
      std::cout << "  [" << entry.tier << "] " << session.Name(entry.supplier) << ": "
                << StatusLabel(entry.status) << " — required " << Stars(entry.requirement.star)
                << " (" << entry.requirement.rule << "), held " << Stars(entry.standing.held_star) << "\n"
                << "      " << entry.reason << "\n";
    }
  });

  auto exposure_options = std::make_shared<PolicyOptions>();
  exposure_options->limit = 20;
  auto* exposure = chain->add_subcommand(
      "exposure",
      "paths by which weak suppliers reach the buyer, levels by the assessments shared with the "
      "buyer / 要求未達の取引先からの到達経路（買い手に共有された評価による）");
  exposure->add_option("buyer", exposure_options->buyer, "corporate number of the buyer")->required();
  exposure->add_option("--policy", exposure_options->policy,
                       "rules added to the default policy instead of the buyer's stored ones");
  exposure->add_option("--limit", exposure_options->limit, "paths listed (0: all)")->capture_default_str();
  exposure->add_flag("--json", exposure_options->json, "JSON output");
  exposure->callback([&context, exposure_options] {
    ChainSession session(context, context.catalog());
    const NodeId buyer = session.Node(exposure_options->buyer);
    const RequirementPolicy policy = session.Policy(buyer, exposure_options->policy);
    session.UseSharesWith(buyer);
    const GraphView view(session.graph(), buyer, context.today());
    const ComplianceReport report = CheckCompliance(
        view, buyer, policy, [&session](NodeId n) { return session.Facts(n); },
        [&session](NodeId n) { return session.Standing(n); }, session.workspace());
    const auto paths = ExposurePaths(view, report, session.workspace());
    const size_t shown = Limit(exposure_options->limit, paths.size());
    if (exposure_options->json) {
      json out = session.OrgJson(buyer);
      out["exposures"] = paths.size();
      json list = json::array();
      for (size_t i = 0; i < shown; ++i) {
        const ExposurePath& p = paths[i];
        json item = session.OrgJson(p.supplier);
        item["rank"] = i + 1;
        item["status"] = ComplianceStatusName(p.status);
        item["required_star"] = p.required_star;
        item["held_star"] = p.held_star;
        item["severity"] = p.severity;
        item["rule"] = p.rule;
        item["path"] = session.PathJson(p.path);
        list.push_back(item);
      }
      out["paths"] = list;
      std::cout << out.dump(2) << "\n";
      return;
    }
    std::cout << session.Name(buyer) << ": " << paths.size()
              << " weak suppliers reach the buyer through data or connections / 要求未達の取引先からの経路\n";
    for (size_t i = 0; i < shown; ++i) {
      const ExposurePath& p = paths[i];
      std::cout << "  " << (i + 1) << ". " << session.Name(p.supplier) << " — " << StatusLabel(p.status)
                << ", required " << Stars(p.required_star) << ", held " << Stars(p.held_star)
                << ", severity " << p.severity << "/5\n      " << session.PathText(p.path) << "\n";
    }
  });

  // --- blast radius
  struct BlastOptions {
    std::string company;
    int tiers = 3;
    int limit = 100;
    bool json = false;
  };
  auto blast_options = std::make_shared<BlastOptions>();
  auto* blast = chain->add_subcommand(
      "blast-radius", "buyers affected when a company is compromised / 侵害時の影響範囲");
  blast->add_option("company", blast_options->company, "corporate number of the compromised company")->required();
  blast->add_option("--tiers", blast_options->tiers, "how many tiers upstream")->capture_default_str();
  blast->add_option("--limit", blast_options->limit, "buyers listed (0: all)")->capture_default_str();
  blast->add_flag("--json", blast_options->json, "JSON output");
  blast->callback([&context, blast_options] {
    ChainSession session(context);
    const NodeId company = session.Node(blast_options->company);
    const GraphView view(session.graph(), std::nullopt, context.today());
    BlastRadius radius;
    ComputeBlastRadius(view, company, blast_options->tiers, session.workspace(), radius);
    size_t stopped = 0;
    for (uint32_t i = 1; i < radius.affected.size(); ++i) stopped += radius.production_stops(i) ? 1 : 0;
    const size_t shown = Limit(blast_options->limit, radius.affected.size() - 1);
    // Paths are reported from the affected buyer down to the compromised company.
    auto downward = [](std::vector<EdgeId> path) {
      std::reverse(path.begin(), path.end());
      return path;
    };
    if (blast_options->json) {
      json out = session.OrgJson(company);
      out["tiers"] = blast_options->tiers;
      out["affected"] = radius.affected.size() - 1;
      out["production_stops"] = stopped;
      json list = json::array();
      for (uint32_t i = 1; i <= shown; ++i) {
        json item = session.OrgJson(radius.affected.node[i]);
        item["tier"] = radius.affected.tier[i];
        item["production_stops"] = radius.production_stops(i);
        item["path"] = session.PathJson(downward(radius.affected.PathTo(i)));
        if (radius.production_stops(i)) {
          item["critical_path"] = session.PathJson(downward(radius.stopped.PathTo(radius.stop_index[i])));
        }
        list.push_back(item);
      }
      out["buyers"] = list;
      std::cout << out.dump(2) << "\n";
      return;
    }
    std::cout << session.Name(company) << " compromised / 侵害: " << radius.affected.size() - 1
              << " buyers affected within " << blast_options->tiers << " tiers, " << stopped
              << " would stop production / 生産停止のおそれ\n";
    for (uint32_t i = 1; i <= shown; ++i) {
      const bool stops = radius.production_stops(i);
      std::cout << "  [" << radius.affected.tier[i] << "] " << session.Name(radius.affected.node[i])
                << (stops ? "  ⚠ production stops / 生産停止" : "") << "\n      "
                << session.PathText(downward(stops ? radius.stopped.PathTo(radius.stop_index[i])
                                                   : radius.affected.PathTo(i)))
                << "\n";
    }
  });

  // --- concentration
  struct ConcentrationOptions {
    std::string buyer;
    int top = 20;
    int chains = 0;
    bool json = false;
  };
  auto concentration_options = std::make_shared<ConcentrationOptions>();
  auto* concentration = chain->add_subcommand(
      "concentration", "suppliers many chains depend on; a buyer's single points of failure / 依存の集中");
  concentration->add_option("--buyer", concentration_options->buyer,
                            "single points of failure of this buyer's chain instead");
  concentration->add_option("--top", concentration_options->top, "entries listed")->capture_default_str();
  concentration->add_option("--chains", concentration_options->chains,
                            "only the chains of this many heads that buy most (0: all; national scale: minutes)");
  concentration->add_flag("--json", concentration_options->json, "JSON output");
  concentration->callback([&context, concentration_options] {
    ChainSession session(context);
    const size_t top = static_cast<size_t>(std::max(concentration_options->top, 0));
    if (!concentration_options->buyer.empty()) {
      const NodeId buyer = session.Node(concentration_options->buyer);
      const GraphView view(session.graph(), buyer, context.today());
      const auto points = SinglePointsOfFailure(view, buyer);
      const size_t shown = std::min(top, points.size());
      if (concentration_options->json) {
        json out = session.OrgJson(buyer);
        json list = json::array();
        for (size_t i = 0; i < shown; ++i) {
          json item = session.OrgJson(points[i].supplier);
          item["cut_off"] = points[i].cut_off;
          item["behind"] = session.OrgJson(points[i].immediate_dominator);
          list.push_back(item);
        }
        out["single_points_of_failure"] = list;
        std::cout << out.dump(2) << "\n";
        return;
      }
      std::cout << session.Name(buyer) << ": " << points.size()
                << " single points of failure / 単一障害点 (suppliers reached only through them)\n";
      for (size_t i = 0; i < shown; ++i) {
        std::cout << "  " << session.Name(points[i].supplier) << ": cuts off " << points[i].cut_off
                  << " suppliers / 社が途絶 (behind " << session.Name(points[i].immediate_dominator) << ")\n";
      }
      return;
    }
    const GraphView view(session.graph(), std::nullopt, context.today());
    auto heads = ChainHeads(view);
    const size_t all_heads = heads.size();
    if (concentration_options->chains > 0 && heads.size() > static_cast<size_t>(concentration_options->chains)) {
      std::vector<uint32_t> buys(session.graph().node_count(), 0);
      for (NodeId h : heads) session.graph().ForEachSupplierEdge(h, [&](EdgeId, NodeId) { ++buys[h]; });
      std::stable_sort(heads.begin(), heads.end(), [&](NodeId a, NodeId b) { return buys[a] > buys[b]; });
      heads.resize(static_cast<size_t>(concentration_options->chains));
    }
    const auto entries = Concentration(view, heads, top);
    if (concentration_options->json) {
      json out{{"chains", heads.size()}, {"all_chains", all_heads}};
      json list = json::array();
      for (const ConcentrationEntry& e : entries) {
        json item = session.OrgJson(e.supplier);
        item["dependent_chains"] = e.dependent_chains;
        item["critical_chains"] = e.critical_chains;
        item["direct_buyers"] = e.direct_buyers;
        item["weight"] = e.weight();
        list.push_back(item);
      }
      out["suppliers"] = list;
      std::cout << out.dump(2) << "\n";
      return;
    }
    std::cout << heads.size() << " of " << all_heads << " chains (buyers at the top of a chain) / サプライチェーン数\n";
    for (const ConcentrationEntry& e : entries) {
      std::cout << "  " << session.Name(e.supplier) << ": " << e.dependent_chains << " chains depend on it, "
                << e.critical_chains << " critically; " << e.direct_buyers << " direct buyers\n";
    }
  });
}

}  // namespace hoshitori::app
