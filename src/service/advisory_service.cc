#include "service/advisory_service.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <system_error>
#include <utility>

#include "sbom/package_match.h"
#include "service/exposure_service.h"

namespace hoshitori::service {
namespace {

using ordered_json = nlohmann::ordered_json;

ordered_json PackageJson(const sbom::OsvPackage& package) {
  ordered_json out = {{"ecosystem", package.ecosystem}, {"name", package.name}};
  if (!package.purl.empty()) out["purl"] = package.purl;
  return out;
}

ordered_json RangeJson(const sbom::AffectedRange& range) {
  ordered_json out = {{"type", range.type_name.empty()
                                   ? std::string(sbom::RangeTypeName(range.type))
                                   : range.type_name}};
  if (!range.repo.empty()) out["repo"] = range.repo;
  ordered_json events = ordered_json::array();
  for (const sbom::RangeEvent& event : range.events) {
    events.push_back({{std::string(sbom::EventKindName(event.kind)), event.version}});
  }
  out["events"] = std::move(events);
  return out;
}

}  // namespace

std::string StoredTimestamp(sbom::Timestamp time) {
  std::string text = sbom::FormatOsvTimestamp(time);
  // FormatOsvTimestamp leaves a zero fraction out; the store wants fixed width.
  if (text.find('.') == std::string::npos && !text.empty() && text.back() == 'Z') {
    text.insert(text.size() - 1, ".000000");
  }
  return text;
}

std::string AdvisoryToOsvJson(const sbom::Advisory& advisory) {
  ordered_json out = {{"id", advisory.id},
                      {"modified", sbom::FormatOsvTimestamp(advisory.modified)}};
  if (advisory.published) out["published"] = sbom::FormatOsvTimestamp(*advisory.published);
  if (advisory.withdrawn) out["withdrawn"] = sbom::FormatOsvTimestamp(*advisory.withdrawn);
  if (!advisory.aliases.empty()) out["aliases"] = advisory.aliases;
  if (!advisory.summary.empty()) out["summary"] = advisory.summary;
  if (!advisory.severity.empty()) {
    ordered_json list = ordered_json::array();
    for (const sbom::Severity& severity : advisory.severity) {
      list.push_back({{"type", severity.type}, {"score", severity.score}});
    }
    out["severity"] = std::move(list);
  }
  if (!advisory.affected.empty()) {
    ordered_json list = ordered_json::array();
    for (const sbom::AffectedPackage& entry : advisory.affected) {
      ordered_json item = ordered_json::object();
      // GIT-only entries may name no package (schema 1.5 and later).
      if (!entry.package.ecosystem.empty()) item["package"] = PackageJson(entry.package);
      if (!entry.ranges.empty()) {
        ordered_json ranges = ordered_json::array();
        for (const sbom::AffectedRange& range : entry.ranges) ranges.push_back(RangeJson(range));
        item["ranges"] = std::move(ranges);
      }
      if (!entry.versions.empty()) item["versions"] = entry.versions;
      list.push_back(std::move(item));
    }
    out["affected"] = std::move(list);
  }
  if (!advisory.references.empty()) {
    ordered_json list = ordered_json::array();
    for (const sbom::Reference& reference : advisory.references) {
      ordered_json item = ordered_json::object();
      if (!reference.type.empty()) item["type"] = reference.type;
      if (!reference.url.empty()) item["url"] = reference.url;
      list.push_back(std::move(item));
    }
    out["references"] = std::move(list);
  }
  // Invalid UTF-8 cannot reach here: the reader refuses it.
  return out.dump();
}

StoredAdvisory ToStoredAdvisory(const sbom::Advisory& advisory, std::string imported_at) {
  StoredAdvisory row;
  row.id = advisory.id;
  row.modified = StoredTimestamp(advisory.modified);
  if (advisory.withdrawn) row.withdrawn = StoredTimestamp(*advisory.withdrawn);
  row.summary = advisory.summary;
  row.document = AdvisoryToOsvJson(advisory);
  row.imported_at = std::move(imported_at);
  for (const sbom::AffectedPackage& entry : advisory.affected) {
    if (std::optional<std::string> key = sbom::AffectedPackageKey(entry.package)) {
      row.package_keys.push_back(std::move(*key));
    }
  }
  std::sort(row.package_keys.begin(), row.package_keys.end());
  row.package_keys.erase(std::unique(row.package_keys.begin(), row.package_keys.end()),
                         row.package_keys.end());
  return row;
}

Result<AdvisoryImportReport> AdvisoryService::Import(const std::filesystem::path& source) {
  if (Status allowed = AllowOperator(context_); !allowed) return allowed.error();
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(source, error);
  if (error || !std::filesystem::exists(status)) {
    return MakeError(
        ErrorKind::kNotFound, "Not found",
        source.string() + ": no such directory or file / ディレクトリもファイルもありません");
  }
  Result<Exposures> exposures = Exposures::Open(context_);
  if (!exposures) return exposures.error();
  const std::string now = context_.clock.UtcNow();
  std::vector<StoredAdvisory> rows;
  const interchange::AdvisorySink sink = [&](sbom::Advisory&& advisory, const std::string&) {
    rows.push_back(ToStoredAdvisory(advisory, now));
    exposures->Add(std::move(advisory));
  };
  Result<interchange::OsvReadReport> read = std::filesystem::is_directory(status)
                                                ? interchange::ReadOsvDirectory(source, sink)
                                                : interchange::ReadOsvZip(source, sink);
  if (!read) return read.error();
  return Save(std::move(rows), std::move(read).value(), *exposures);
}

Result<AdvisoryImportReport> AdvisoryService::StoreAdvisories(
    const std::vector<sbom::Advisory>& advisories, interchange::OsvReadReport read) {
  if (Status allowed = AllowOperator(context_); !allowed) return allowed.error();
  Result<Exposures> exposures = Exposures::Open(context_);
  if (!exposures) return exposures.error();
  const std::string now = context_.clock.UtcNow();
  std::vector<StoredAdvisory> rows;
  rows.reserve(advisories.size());
  for (const sbom::Advisory& advisory : advisories) {
    rows.push_back(ToStoredAdvisory(advisory, now));
    exposures->Add(advisory);
  }
  return Save(std::move(rows), std::move(read), *exposures);
}

Result<AdvisoryService::Exposures> AdvisoryService::Exposures::Open(Context& context) {
  Exposures exposures;
  if (context.sbom) {
    Result<SbomSnapshot> current = SbomSnapshotFor(context);
    if (!current) return current.error();
    exposures.engines = std::move(current).value();
  } else {
    auto engine = std::make_shared<sbom::ExposureEngine>();
    auto names = std::make_shared<std::unordered_map<int64_t, VersionName>>();
    if (Status loaded = LoadExposureEngine(context.store, *engine, names.get()); !loaded) {
      return loaded.error();
    }
    exposures.engines.exposure = std::move(engine);
    exposures.engines.versions = std::move(names);
  }
  return exposures;
}

void AdvisoryService::Exposures::Add(sbom::Advisory advisory) {
  std::vector<sbom::Exposure> reached = engines.exposure->Exposures(advisory);
  if (!reached.empty()) found.emplace_back(std::move(advisory), std::move(reached));
}

Result<AdvisoryImportReport> AdvisoryService::Save(std::vector<StoredAdvisory> rows,
                                                   interchange::OsvReadReport read,
                                                   const Exposures& exposures) {
  context_.Touching(ChangeScope::OfAll(ChangeScope::kAdvisories));
  return InTransaction(context_, [&]() -> Result<AdvisoryImportReport> {
    Result<AdvisoryImportCounts> counts = context_.store.ImportAdvisories(rows);
    if (!counts) return counts.error();
    // Buyers that receive affected software are warned in the same transaction: an import
    // that rolls back warns nobody.
    size_t warnings = 0;
    for (const auto& [advisory, reached] : exposures.found) {
      Result<size_t> warned = WarnBuyers(context_, advisory, reached, exposures.engines);
      if (!warned) return warned.error();
      warnings += *warned;
    }
    const std::string detail =
        "read " + std::to_string(read.read) + ", added " + std::to_string(counts->added) +
        ", updated " + std::to_string(counts->updated) + ", unchanged " +
        std::to_string(counts->unchanged) + ", skipped " + std::to_string(read.skipped.size()) +
        ", warnings " + std::to_string(warnings);
    if (Status recorded = Record(context_, "advisory.import", "advisories", detail); !recorded) {
      return recorded.error();
    }
    AdvisoryImportReport report{std::move(read), *counts};
    report.exposed_deliveries = warnings;
    return report;
  });
}

Result<size_t> LoadAdvisoryIndex(Store& store, sbom::AdvisoryIndex& index) {
  size_t loaded = 0;
  std::optional<Error> unreadable;
  Status streamed = store.ForEachAdvisory([&](const StoredAdvisory& row) {
    if (unreadable) return;
    Result<sbom::Advisory> advisory =
        interchange::ReadOsvAdvisory(row.document, "stored advisory " + row.id);
    if (!advisory) {
      unreadable =
          MakeError(ErrorKind::kInternal, "Stored advisory unreadable", advisory.error().message);
      return;
    }
    index.Put(std::move(advisory).value());
    ++loaded;
  });
  if (!streamed) return streamed.error();
  if (unreadable) return *unreadable;
  return loaded;
}

}  // namespace hoshitori::service
