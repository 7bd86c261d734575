#include "service/incident_publication.h"

#include "interchange/stix.h"
#include "share/audience_json.h"
#include "share/indicator.h"
#include "store/share_object_repository.h"
#include "store/sharing_group_repository.h"

namespace hoshitori::service {
namespace {

// The hub's identity as the author of every exported object (fixed: its id never changes).
interchange::StixAuthor HubAuthor() {
  interchange::StixAuthor author;
  author.name = "Hoshitori information-sharing hub";
  author.identity_class = "system";
  author.created = "2026-01-01T00:00:00Z";
  return author;
}

Result<interchange::StixReportInput> InputOf(const IncidentPublication& p) {
  const IncidentPart& part = *p.part;
  interchange::StixReportInput input;
  input.report_key = "incident-report/" + std::to_string(p.report_id);
  input.name = part.title;
  for (const DeidentifiedField& field : part.fields) {
    if (field.field == "title" || field.text.empty()) continue;
    input.summary += (input.summary.empty() ? "" : "\n\n") + field.text;
  }
  input.published =
      !part.detected_on.empty() ? part.detected_on : p.approved_at.substr(0, 10);
  input.timestamp = p.approved_at;
  input.tlp = p.audience->marking();
  input.reporter = part.reporter;
  input.author = HubAuthor();
  for (const std::string& text : part.indicators) {
    TRY_ASSIGN(share::Indicator indicator, share::ParseIndicator(text));
    input.indicators.push_back(std::move(indicator));
  }
  input.cves = part.cves;
  input.malware = part.malware;
  input.techniques = part.attack_techniques;
  return input;
}

// The buyer's supply-chain group, made when it has none yet.
Result<int64_t> SupplyChainGroupOf(Context& context, int64_t buyer, int64_t created_by,
                                   const std::string& now) {
  SharingGroupRepository groups(context.store.Sql());
  TRY_ASSIGN(const auto existing, groups.SupplyChainOf(buyer));
  if (existing) return existing->id;
  StoredSharingGroup group;
  group.org_id = buyer;
  group.kind = "supply_chain";
  group.name = "サプライチェーン / supply chain";
  group.description =
      "取引先から共有された情報の受け皿として作られました / made to receive what suppliers "
      "share";
  group.created_by = created_by;
  group.created_at = now;
  return groups.Insert(group);
}

}  // namespace

Result<int64_t> PublishIncident(Context& context, const IncidentPublication& p) {
  TRY_ASSIGN(const interchange::StixReportInput input, InputOf(p));
  TRY_ASSIGN(const interchange::StixBundle bundle, interchange::WriteReportBundle(input));
  std::vector<int64_t> collections;
  if (p.group_id) collections.push_back(*p.group_id);
  for (int64_t buyer : p.buyer_org_ids) {
    TRY_ASSIGN(const int64_t group,
               SupplyChainGroupOf(context, buyer, p.author_user_id, p.approved_at));
    if (std::find(collections.begin(), collections.end(), group) == collections.end()) {
      collections.push_back(group);
    }
  }
  const share::SharedObject& audience = *p.audience;
  const std::string added = NormaliseTimestamp(p.approved_at).value_or(p.approved_at);
  ShareObjectRepository objects(context.store.Sql());
  int64_t written = 0;
  for (int64_t group : collections) {
    for (const interchange::StixObject& object : bundle.objects) {
      const std::string& stamp = object.modified.empty() ? object.created : object.modified;
      const std::string version = NormaliseTimestamp(stamp).value_or(added);
      TRY_ASSIGN(const bool stored, objects.Exists(group, object.id, version));
      if (stored) continue;
      StoredShareObject row;
      row.org_id = p.reporter_org_id;
      row.group_id = group;
      row.author_user_id = p.author_user_id;
      row.stix_id = object.id;
      row.stix_type = object.type;
      row.version = version;
      row.added_at = added;
      row.tlp = std::string(share::TlpColumnName(audience.marking()));
      row.audience = share::AudienceToJson(audience);
      row.source_report_id = p.report_id;
      row.object = object.json.dump();
      if (audience.marking() == share::Tlp::kAmber ||
          audience.marking() == share::Tlp::kAmberStrict) {
        row.recipient_orgs = audience.audience.recipient_orgs;
      }
      if (audience.marking() == share::Tlp::kRed) {
        row.recipient_users = audience.audience.named_recipients;
      }
      TRY(objects.Insert(row));
      ++written;
    }
  }
  return written;
}

Status UnpublishIncident(Context& context, int64_t report_id) {
  auto deleted = ShareObjectRepository(context.store.Sql()).DeleteOfReport(report_id);
  if (!deleted) return deleted.error();
  return OkStatus();
}

}  // namespace hoshitori::service
