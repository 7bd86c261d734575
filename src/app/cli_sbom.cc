// hoshitori sbom match FILE [--json]: which stored advisories affect the components of one
// SBOM (CycloneDX JSON or XML, SPDX JSON or tag-value, or a plain list of Package URLs).
// Stateless: reads the advisories in the store, writes nothing.
//
// Operator commands on a database (like `osv import`), through service::ProductService:
//   hoshitori sbom import FILE --supplier CN --product NAME --version V [--kind software]
//     stores FILE as the SBOM of that product version (created when absent);
//   hoshitori sbom export --supplier CN --product NAME --version V [-o FILE]
//     writes the stored SBOM as CycloneDX 1.6 JSON (with the version's VEX statements);
//   hoshitori vex import FILE --supplier CN --product NAME --version V
//     applies an OpenVEX or CycloneDX VEX document to an existing product version;
//   hoshitori vex export --supplier CN --product NAME --version V [--signing-keys DIR --issuer URL]
//     writes the version's VEX as OpenVEX, or signed as a compact JWS with the keys of DIR;
//   hoshitori vex verify FILE.jws [--jwks jwks.json] [--lang en] [--json]
//     checks a signed VEX (docs/sbom.md) offline and prints the signer and its statements.
// CN is the supplier's corporate number; full-width digits and hyphens are accepted.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/context.h"
#include "interchange/cyclonedx.h"
#include "interchange/spdx.h"
#include "sbom/advisory_index.h"
#include "sbom/bom.h"
#include "sbom/package_match.h"
#include "sbom/vex.h"
#include "service/advisory_service.h"
#include "service/attestation_service.h"
#include "service/product_service.h"

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
  Result<sbom::PackageUrl> purl = service::NormalisedComponentPurl(component);
  if (!purl) {
    out.not_checkable = purl.error().message;
    return out;
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

// Where a product version is, as the operator names it.
struct VersionOptions {
  std::string file;
  std::string supplier;  // corporate number
  std::string product;
  std::string version;
  std::string kind = "software";
  std::string output;
  bool json = false;
};

void AddVersionOptions(CLI::App* command, VersionOptions& options) {
  command->add_option("--supplier", options.supplier,
                      "the supplier's corporate number / 供給者の法人番号")
      ->required();
  command->add_option("--product", options.product, "product name / 製品名")->required();
  command->add_option("--version", options.version, "product version / バージョン")->required();
}

// The supplier named by --supplier (full-width digits accepted), or CommandFailure.
int64_t SupplierId(Context& context, const std::string& corporate_number) {
  const auto number = Require(CorporateNumber::Parse(service::HalfWidthDigits(corporate_number)));
  const auto organisation = Require(context.store().FindOrganisation(number));
  if (!organisation) {
    throw CommandFailure{"法人番号 " + number.digits() +
                             " の組織は登録されていません / no organisation with corporate number " +
                             number.digits(),
                         AnswerFor(ErrorKind::kNotFound).exit_code};
  }
  return organisation->id;
}

// ProductService as the scheme operator on the command line's database.
struct OperatorProducts {
  explicit OperatorProducts(Context& context)
      : use_case{context.store(), no_catalog, context.clock(), nullptr,
                 service::Actor::Operator()} {}
  Catalog no_catalog;
  service::Context use_case;
  service::ProductService products{use_case};
};

// Exit code of `vex verify` when the file was read and refused (as `attest verify`'s); 2 means
// the command's own input, such as the key set, could not be used.
constexpr int kRefusedExitCode = 10;

// One statement as a line: "CVE-…: not_affected (justification) — products".
std::string StatementLine(const sbom::VexStatement& s) {
  std::string line = s.vulnerability + ": " + std::string(sbom::VexStatusName(s.status));
  if (!s.justification.empty()) line += " (" + s.justification + ")";
  for (size_t i = 0; i < s.products.size(); ++i) line += (i == 0 ? " — " : ", ") + s.products[i];
  if (!s.impact.empty()) line += "\n    impact: " + s.impact;
  if (!s.action.empty()) line += "\n    action: " + s.action;
  return line;
}

void AddVexVerifyCommand(CLI::App* vex, Context& context) {
  struct Options {
    std::string file, jwks = "jwks.json";
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* verify = vex->add_subcommand(
      "verify",
      "verify a signed VEX (compact JWS) offline and print its statements / 署名付き VEX の検証");
  verify->add_option("file", options->file, "the signed VEX (.jws) / 署名付き VEX")->required();
  verify->add_option("--jwks,--key", options->jwks,
                     "the issuer's JWK Set (its /.well-known/jwks.json) / 発行者の公開鍵セット")
      ->capture_default_str();
  verify->add_option("--lang", context.lang, "ja or en")->check(CLI::IsMember({"ja", "en"}));
  verify->add_flag("--json", options->json, "JSON output");
  verify->callback([&context, options] {
    const assure::KeySet keys =
        Require(assure::KeySet::Parse(ReadFile(options->jwks), options->jwks));
    std::string text = ReadFile(options->file);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
      text.pop_back();
    }
    const service::SignedVexCheck check = service::CheckSignedVex(text, keys);
    const assure::SignedVexReport& report = check.report;
    if (options->json) {
      nlohmann::ordered_json out = {{"verdict", assure::VerdictName(report.verdict)},
                                    {"valid", report.valid()},
                                    {"detail", report.detail},
                                    {"kid", report.kid},
                                    {"lines", report.Lines(context.lang)}};
      if (check.document) {
        out["signer"] = {{"issuer", report.signature->issuer},
                         {"corporate_number", report.signature->subject},
                         {"signed_at", assure::FormatInstant(report.signature->issued_at)}};
        out["author"] = check.document->author;
        nlohmann::ordered_json statements = nlohmann::ordered_json::array();
        for (const sbom::VexStatement& s : check.document->statements) {
          statements.push_back({{"vulnerability", s.vulnerability},
                                {"status", sbom::VexStatusName(s.status)},
                                {"justification", s.justification},
                                {"products", s.products}});
        }
        out["statements"] = std::move(statements);
      }
      std::cout << out.dump(2) << "\n";
    } else {
      for (const std::string& line : report.Lines(context.lang)) std::cout << line << "\n";
      if (check.document) {
        std::cout << Say(context, "作成者: ", "Author: ") << check.document->author << " ("
                  << check.document->timestamp << ")\n"
                  << Say(context, "ステートメント ", "Statements: ")
                  << check.document->statements.size() << Say(context, " 件:", "") << "\n";
        for (const sbom::VexStatement& s : check.document->statements) {
          std::cout << "  " << StatementLine(s) << "\n";
        }
      }
    }
    if (!report.valid()) {
      throw CommandFailure{Say(context, "署名付き VEX を拒否しました: ", "signed VEX refused: ") +
                               std::string(assure::VerdictName(report.verdict)),
                           kRefusedExitCode};
    }
  });
}

void AddProductFileCommands(CLI::App& app, CLI::App* sbom_command, Context& context) {
  auto import_options = std::make_shared<VersionOptions>();
  CLI::App* import = sbom_command->add_subcommand(
      "import",
      "store an SBOM (CycloneDX JSON/XML, SPDX JSON/tag-value) for a supplier's product version, "
      "creating the product and version when absent / 製品バージョンの SBOM を登録");
  import->add_option("file", import_options->file, "the SBOM file / SBOM ファイル")->required();
  AddVersionOptions(import, *import_options);
  import->add_option("--kind", import_options->kind,
                     "software, device or cloud_service (for a new product) / 製品の種類")
      ->check(CLI::IsMember({"software", "device", "cloud_service"}));
  import->add_flag("--json", import_options->json, "JSON output");
  import->callback([&context, options = import_options] {
    const std::string text = ReadFile(options->file);
    OperatorProducts as_operator(context);
    service::ProductService& products = as_operator.products;
    const ProductVersionRow version =
        Require(products.EnsureVersion(SupplierId(context, options->supplier), options->product,
                                       *service::ProductKindFromName(options->kind),
                                       options->version));
    const service::SbomUploadReport report = Require(products.UploadSbom(
        version.id, std::filesystem::path(options->file).filename().string(), text));
    const SbomDocumentRow& doc = report.document;
    if (options->json) {
      std::cout << nlohmann::ordered_json{{"product_version_id", version.id},
                                          {"product", version.product_name},
                                          {"version", version.version},
                                          {"format", doc.format},
                                          {"encoding", doc.encoding},
                                          {"spec_version", doc.spec_version},
                                          {"components", report.components},
                                          {"with_purl", report.with_purl},
                                          {"without_purl", report.without_purl},
                                          {"replaced", report.replaced}}
                       .dump(2)
                << "\n";
      return;
    }
    const auto n = [](size_t value) { return std::to_string(value); };
    std::cout << Say(context,
                     version.product_name + " " + version.version + ": " + doc.format + " " +
                         doc.spec_version + " (" + doc.encoding + ") のコンポーネント " +
                         n(report.components) + " 件を登録しました（Package URL あり " +
                         n(report.with_purl) + "、なし " + n(report.without_purl) + "）" +
                         (report.replaced ? "。以前の SBOM を置き換えました" : ""),
                     version.product_name + " " + version.version + ": stored " +
                         n(report.components) + " components of " + doc.format + " " +
                         doc.spec_version + " (" + doc.encoding + "), " + n(report.with_purl) +
                         " with a Package URL, " + n(report.without_purl) + " without" +
                         (report.replaced ? "; the earlier SBOM was replaced" : ""))
              << "\n";
  });

  auto export_options = std::make_shared<VersionOptions>();
  CLI::App* export_command = sbom_command->add_subcommand(
      "export",
      "write a product version's SBOM as CycloneDX 1.6 JSON / 製品バージョンの SBOM を書き出す");
  AddVersionOptions(export_command, *export_options);
  export_command->add_option("-o,--output", export_options->output,
                             "output file (default: standard output) / 出力ファイル");
  export_command->callback([&context, options = export_options] {
    OperatorProducts as_operator(context);
    service::ProductService& products = as_operator.products;
    const ProductVersionRow version = Require(products.FindVersion(
        SupplierId(context, options->supplier), options->product, options->version));
    const std::string document = Require(products.ExportSbom(version.id));
    if (options->output.empty()) {
      std::cout << document;
      return;
    }
    std::ofstream out(options->output, std::ios::binary);
    out << document;
    out.close();
    if (!out) {
      throw CommandFailure{"ファイルに書き込めません / cannot write " + options->output, 1};
    }
  });

  CLI::App* vex = app.add_subcommand("vex", "VEX statements of product versions / VEX");
  vex->require_subcommand(1);
  auto vex_options = std::make_shared<VersionOptions>();
  CLI::App* vex_import = vex->add_subcommand(
      "import",
      "apply an OpenVEX or CycloneDX VEX document to an existing product version / VEX の登録");
  vex_import->add_option("file", vex_options->file, "the VEX file / VEX ファイル")->required();
  AddVersionOptions(vex_import, *vex_options);
  vex_import->callback([&context, options = vex_options] {
    const std::string text = ReadFile(options->file);
    OperatorProducts as_operator(context);
    service::ProductService& products = as_operator.products;
    const ProductVersionRow version = Require(products.FindVersion(
        SupplierId(context, options->supplier), options->product, options->version));
    const service::VexUploadReport report = Require(products.UploadVex(
        version.id, std::filesystem::path(options->file).filename().string(), text));
    std::cout << Say(context,
                     version.product_name + " " + version.version + ": " + report.format +
                         " のステートメント " + std::to_string(report.statements) +
                         " 件を適用しました",
                     version.product_name + " " + version.version + ": applied " +
                         std::to_string(report.statements) + " " + report.format + " statements")
              << "\n";
  });

  struct ExportOptions {
    VersionOptions version;
    std::string signing_keys, issuer;
  };
  auto vex_export_options = std::make_shared<ExportOptions>();
  CLI::App* vex_export = vex->add_subcommand(
      "export",
      "write a product version's VEX as OpenVEX, signed with --signing-keys / VEX の書き出し");
  AddVersionOptions(vex_export, vex_export_options->version);
  vex_export->add_option("--signing-keys", vex_export_options->signing_keys,
                         "sign with the keys of this directory (as `serve --signing-keys`): a "
                         "compact JWS / この鍵で署名");
  vex_export->add_option("--issuer", vex_export_options->issuer,
                         "the issuer URL the signature names (the server's public URL)");
  vex_export->add_option("-o,--output", vex_export_options->version.output,
                         "output file (default: standard output) / 出力ファイル");
  vex_export->callback([&context, options = vex_export_options] {
    if (options->signing_keys.empty() != options->issuer.empty()) {
      throw CommandFailure{"--signing-keys と --issuer は一緒に指定してください / give "
                           "--signing-keys and --issuer together",
                           2};
    }
    OperatorProducts as_operator(context);
    std::shared_ptr<service::AttestationIssuer> issuer;
    if (!options->signing_keys.empty()) {
      issuer = Require(service::AttestationIssuer::Open(options->signing_keys, options->issuer,
                                                        /*create=*/false));
      as_operator.use_case.issuer = issuer.get();
    }
    service::ProductService& products = as_operator.products;
    const VersionOptions& where = options->version;
    const ProductVersionRow version = Require(
        products.FindVersion(SupplierId(context, where.supplier), where.product, where.version));
    const std::string document = issuer ? Require(products.ExportSignedOpenVex(version.id)) + "\n"
                                        : Require(products.ExportOpenVex(version.id));
    if (where.output.empty()) {
      std::cout << document;
      return;
    }
    std::ofstream out(where.output, std::ios::binary);
    out << document;
    out.close();
    if (!out) throw CommandFailure{"ファイルに書き込めません / cannot write " + where.output, 1};
  });

  AddVexVerifyCommand(vex, context);
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
  AddProductFileCommands(app, sbom_command, context);
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
