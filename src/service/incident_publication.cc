#include "service/incident_publication.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "interchange/stix.h"
#include "service/incident_service.h"
#include "share/audience_json.h"
#include "share/indicator.h"
#include "store/incident_repository.h"
#include "store/share_object_repository.h"
#include "store/sharing_group_repository.h"

namespace hoshitori::service {
namespace {

using nlohmann::json;

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

// Milliseconds since the epoch of a UTC timestamp "YYYY-MM-DDTHH:MM:SS[.fff…]Z" (0 when it is
// not one).
int64_t MillisOf(const std::string& text) {
  const auto normalised = NormaliseTimestamp(text);
  if (!normalised) return 0;
  std::tm utc{};
  int micros = 0;
  if (std::sscanf(normalised->c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%6dZ", &utc.tm_year, &utc.tm_mon,
                  &utc.tm_mday, &utc.tm_hour, &utc.tm_min, &utc.tm_sec, &micros) != 7) {
    return 0;
  }
  utc.tm_year -= 1900;
  utc.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&utc)) * 1000 + micros / 1000;
}

// A STIX timestamp with milliseconds ("2026-12-07T02:10:00.123Z") of `millis` since the epoch.
std::string StixMillis(int64_t millis) {
  const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char out[64];
  std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis % 1000));
  return out;
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
  // Sightings recorded before a re-approval still count: the count goes out again with the
  // new objects (UnpublishIncident removed the earlier versions with the rest).
  int64_t sightings = 0;
  auto counted = context.store.Sql().Execute(
      "cannot count the sightings", "SELECT COUNT(*) FROM incident_sightings WHERE report_id = ?",
      SqlParams(p.report_id), [&](const SqlRow& row) { sightings = row.Int(0); });
  if (!counted) return counted.error();
  if (sightings >= kIncidentDescriptionK) TRY(PublishSightings(context, p.report_id, sightings));
  return written;
}

Status PublishSightings(Context& context, int64_t report_id, int64_t count) {
  SqlSession& sql = context.store.Sql();
  TRY_ASSIGN(const auto shared, IncidentRepository(sql).Share(report_id));
  if (!shared || shared->withdrawn_at) return OkStatus();
  TRY_ASSIGN(const share::Tlp tlp, share::ParseTlpColumnName(shared->tlp));
  const IncidentPart part = IncidentPartFromJson(json::parse(shared->content, nullptr, false));
  share::SharedObject marking;
  marking.audience.marking = tlp;
  IncidentPublication p;
  p.report_id = report_id;
  p.part = &part;
  p.audience = &marking;
  p.approved_at = shared->approved_at;
  // The report's own bundle, as published, with the count: its sighting objects carry the ids
  // and references the writer gives them.
  TRY_ASSIGN(interchange::StixReportInput input, InputOf(p));
  input.sightings = count;
  TRY_ASSIGN(const interchange::StixBundle bundle, interchange::WriteReportBundle(input));

  ShareObjectRepository objects(sql);
  TRY_ASSIGN(const std::vector<StoredShareObject> rows, objects.LastOfReport(report_id));
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          context.clock.Now().time_since_epoch())
                          .count();
  for (const interchange::StixObject& object : bundle.objects) {
    if (object.type != "sighting") continue;
    const std::string indicator = object.json.value("sighting_of_ref", "");
    // The new version's time (the writer's form, milliseconds): now, but always after the
    // version stored last (two sightings within a millisecond) and never before `created`.
    int64_t at = std::max(now, MillisOf(object.created));
    for (const StoredShareObject& row : rows) {
      if (row.stix_id == object.id) at = std::max(at, MillisOf(row.version) + 1);
    }
    json sighting = object.json;
    sighting["modified"] = StixMillis(at);
    const std::string version = NormaliseTimestamp(StixMillis(at)).value_or("");
    for (const StoredShareObject& row : rows) {
      if (row.stix_id != indicator) continue;
      StoredShareObject out = row;
      out.id = 0;
      out.stix_id = object.id;
      out.stix_type = "sighting";
      out.version = version;
      out.added_at = version;
      out.object = sighting.dump();
      TRY(objects.Insert(out));
    }
  }
  return OkStatus();
}

Status UnpublishIncident(Context& context, int64_t report_id) {
  auto deleted = ShareObjectRepository(context.store.Sql()).DeleteOfReport(report_id);
  if (!deleted) return deleted.error();
  return OkStatus();
}

}  // namespace hoshitori::service
