// hoshitori sbom match FILE [--json]: which stored advisories affect the components of one
// SBOM (CycloneDX JSON or XML, SPDX JSON or tag-value, or a plain list of Package URLs).
// Stateless: reads the advisories in the store, writes nothing.
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/context.h"
#include "interchange/cyclonedx.h"
#include "interchange/spdx.h"
#include "sbom/advisory_index.h"
#include "sbom/bom.h"
#include "sbom/package_match.h"
#include "service/advisory_service.h"

namespace hoshitori::app {

namespace {

std::string Say(const Context& context, std::string japanese, std::string english) {
  return context.lang == "en" ? std::move(english) : std::move(japanese);
}

// One component of the input: its Package URL, or why it cannot be checked.
struct Component {
  std::string label;  // what names it in the output: the purl, or the SBOM's name@version
  std::optional<sbom::PackageUrl> purl;
  std::string not_checkable;  // reason (set when purl is absent or has no version)
};

// Which kind of file `text` is: CycloneDX (JSON or XML), SPDX (JSON or tag-value), or else a
// plain list of Package URLs.
enum class InputKind { kCycloneDx, kSpdxJson, kSpdxTagValue, kPurlList };

InputKind KindOf(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return InputKind::kPurlList;
  if (text[first] == '<') return InputKind::kCycloneDx;
  if (text[first] == '{') {
    return text.find("\"spdxVersion\"") != std::string_view::npos ? InputKind::kSpdxJson
                                                                  : InputKind::kCycloneDx;
  }
  if (text.substr(first).starts_with("SPDXVersion:") ||
      text.find("\nSPDXVersion:") != std::string_view::npos) {
    return InputKind::kSpdxTagValue;
  }
  return InputKind::kPurlList;
}

// A component of an SBOM file: checkable when it has a valid Package URL with a version (the
// component's own version fills a purl without one).
Component FromBom(const sbom::Component& component) {
  Component out;
  const std::string name =
      component.group.empty() ? component.name : component.group + "/" + component.name;
  out.label = component.purl.empty()
                  ? name + (component.version.empty() ? "" : "@" + component.version)
                  : component.purl;
  if (component.purl.empty()) {
    out.not_checkable = "no Package URL / Package URL がありません";
    return out;
  }
  Result<sbom::PackageUrl> purl =
      sbom::ParsePackageUrl(component.purl, sbom::PurlParseMode::kLenient);
  if (!purl) {
    out.not_checkable = purl.error().message;
    return out;
  }
  if (purl->version.empty() && !component.version.empty()) {
    Result<sbom::PackageUrl> versioned =
        sbom::BuildPackageUrl(purl->type, purl->namespace_, purl->name, component.version,
                              purl->qualifiers, purl->subpath);
    if (versioned) purl = std::move(versioned);
  }
  out.label = sbom::ToString(*purl);
  if (purl->version.empty()) {
    out.not_checkable = "no version / バージョンがありません";
    return out;
  }
  out.purl = std::move(purl).value();
  return out;
}

std::vector<Component> ReadComponents(const std::string& path) {
  const std::string text = ReadFile(path);
  const std::string name = std::filesystem::path(path).filename().string();
  std::vector<Component> components;
  const InputKind kind = KindOf(text);
  if (kind != InputKind::kPurlList) {
    const sbom::Bom bom =
        Require(kind == InputKind::kCycloneDx  ? interchange::ReadCycloneDx(text, name)
                : kind == InputKind::kSpdxJson ? interchange::ReadSpdxJson(text, name)
                                               : interchange::ReadSpdxTagValue(text, name));
    components.reserve(bom.components.size());
    for (const sbom::Component& component : bom.components)
      components.push_back(FromBom(component));
    return components;
  }
  for (sbom::PurlListEntry& entry : Require(sbom::ReadPurlList(text, name))) {
    Component component;
    component.label = sbom::ToString(entry.purl);
    if (entry.purl.version.empty()) {
      component.not_checkable =
          "no version in the Package URL / Package URL にバージョンがありません";
    } else {
      component.purl = std::move(entry.purl);
    }
    components.push_back(std::move(component));
  }
  return components;
}

nlohmann::ordered_json EventJson(const std::optional<sbom::RangeEvent>& event) {
  if (!event) return nullptr;
  return {{std::string(sbom::EventKindName(event->kind)), event->version}};
}

}  // namespace

void AddSbomCommands(CLI::App& app, Context& context) {
  CLI::App* sbom_command =
      app.add_subcommand("sbom", "software bills of materials / SBOM（ソフトウェア部品表）");
  sbom_command->require_subcommand(1);

  struct MatchOptions {
    std::string file;
    bool json = false;
  };
  auto options = std::make_shared<MatchOptions>();
  CLI::App* match = sbom_command->add_subcommand(
      "match",
      "print, per component Package URL, the stored advisories that affect it (stateless) / "
      "コンポーネントごとに該当するアドバイザリを表示");
  match
      ->add_option("file", options->file,
                   "a list of Package URLs, one per line / Package URL の一覧")
      ->required();
  match->add_flag("--json", options->json, "JSON output");
  match->callback([&context, options] {
    const std::vector<Component> components = ReadComponents(options->file);
    sbom::AdvisoryIndex index;
    const size_t loaded = Require(service::LoadAdvisoryIndex(context.store(), index));

    size_t checked = 0, affected_components = 0, undecided_components = 0, not_checkable = 0;
    nlohmann::ordered_json json_components = nlohmann::ordered_json::array();
    nlohmann::ordered_json json_not_checkable = nlohmann::ordered_json::array();
    std::string text;
    std::string unchecked_text;
    for (const Component& component : components) {
      if (!component.purl) {
        ++not_checkable;
        json_not_checkable.push_back(
            {{"component", component.label}, {"reason", component.not_checkable}});
        unchecked_text += "  " + component.label + ": " + component.not_checkable + "\n";
        continue;
      }
      ++checked;
      const std::vector<sbom::AdvisoryHit> hits = index.Match(*component.purl);
      bool affected = false, undecided = false;
      nlohmann::ordered_json json_hits = nlohmann::ordered_json::array();
      std::string lines;
      for (const sbom::AdvisoryHit& hit : hits) {
        const bool is_affected = hit.match.verdict == sbom::Verdict::kAffected;
        affected |= is_affected;
        undecided |= !is_affected;
        json_hits.push_back({{"id", hit.advisory->id},
                             {"aliases", hit.advisory->aliases},
                             {"summary", hit.advisory->summary},
                             {"verdict", std::string(sbom::VerdictName(hit.match.verdict))},
                             {"reason", hit.match.reason},
                             {"affected_index", hit.match.affected_index},
                             {"range_index", hit.match.range_index},
                             {"version_index", hit.match.version_index},
                             {"opened", EventJson(hit.match.opened)},
                             {"closed", EventJson(hit.match.closed)}});
        lines += "  " + hit.advisory->id + "  " +
                 (is_affected ? Say(context, "該当", "affected")
                              : Say(context, "判定不能", "cannot tell")) +
                 ": " + hit.match.reason;
        if (!hit.advisory->summary.empty()) lines += "  — " + hit.advisory->summary;
        lines += "\n";
      }
      affected_components += affected ? 1 : 0;
      undecided_components += !affected && undecided ? 1 : 0;
      json_components.push_back({{"purl", component.label}, {"advisories", std::move(json_hits)}});
      if (!lines.empty()) text += component.label + "\n" + lines;
    }

    if (options->json) {
      const nlohmann::ordered_json out = {
          {"file", options->file},
          {"advisories_loaded", loaded},
          {"components", components.size()},
          {"checked", checked},
          {"affected", affected_components},
          {"cannot_tell", undecided_components},
          {"not_checkable", not_checkable},
          {"results", std::move(json_components)},
          {"not_checkable_components", std::move(json_not_checkable)}};
      std::cout << out.dump(2) << "\n";
      return;
    }
    const auto n = [](size_t value) { return std::to_string(value); };
    std::cout << text;
    if (!unchecked_text.empty()) {
      std::cout << Say(context, "確認できないコンポーネント:", "components that cannot be checked:")
                << "\n"
                << unchecked_text;
    }
    std::cout << Say(context,
                     "コンポーネント " + n(components.size()) + " 件（確認 " + n(checked) +
                         "、該当あり " + n(affected_components) + "、判定不能のみ " +
                         n(undecided_components) + "、確認できない " + n(not_checkable) +
                         "）、アドバイザリ " + n(loaded) + " 件と照合",
                     n(components.size()) + " components (" + n(checked) + " checked, " +
                         n(affected_components) + " affected, " + n(undecided_components) +
                         " cannot tell, " + n(not_checkable) + " not checkable) against " +
                         n(loaded) + " advisories")
              << "\n";
  });
}

}  // namespace hoshitori::app
