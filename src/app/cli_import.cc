// hoshitori import oscal catalog|mapping, import ciso-assistant, import sheet framework|answers
//
// Frameworks and mapping sets are converted to catalog files (docs/catalog-format.md) and
// written into the catalog directory only when the whole catalog then validates; answer
// sheets become one stored assessment (service::AssessmentService::Import: one transaction
// with its result and audit entry). On any problem nothing changes.
#include <filesystem>
#include <iostream>

#include "app/context.h"
#include "interchange/catalog_install.h"
#include "interchange/catalog_yaml.h"
#include "interchange/check_sheet.h"
#include "interchange/ciso_assistant.h"
#include "interchange/column_map.h"
#include "interchange/oscal.h"
#include "service/assessment_service.h"

namespace hoshitori::app {

namespace {

namespace ix = hoshitori::interchange;

struct InstallOptions {
  std::string out;
  bool dry_run = false;
  ix::InstallPolicy policy;

  void Add(CLI::App* command) {
    command->add_option("--out", out, "catalog directory to write into (default: the configured one)");
    command->add_flag("--replace", policy.replace, "overwrite files of the same name / 同名ファイルを置き換える");
    command->add_flag("--allow-node-removal", policy.allow_node_removal,
                      "with --replace: the new file may drop nodes of the old one / ノードの削除を許可");
    command->add_flag("--replace-shipped", policy.replace_shipped,
                      "with --replace: overwrite a framework shipped with Hoshitori / 同梱の基準を置き換える");
    command->add_flag("--dry-run", dry_run, "check only; write nothing / 検査のみ");
  }
  std::string Directory(const Context& context) const { return out.empty() ? context.CatalogDirectory() : out; }
};

std::string BaseName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

// The target directory's frameworks, parsed only when a mapping names them (problems in
// them are reported by the check before anything is written).
std::shared_ptr<ix::CatalogDirectory> OpenForResolving(const std::string& directory) {
  return std::shared_ptr<ix::CatalogDirectory>(Require(ix::CatalogDirectory::Open(directory)).release());
}

void PrintLines(const std::vector<std::string>& lines, const char* heading) {
  if (lines.empty()) return;
  std::cout << heading << " (" << lines.size() << "):\n";
  for (const std::string& line : lines) std::cout << "  " << line << "\n";
}

void Install(const Context& context, const InstallOptions& options, const std::vector<ix::CatalogFile>& files,
             const std::string& summary) {
  const std::string directory = options.Directory(context);
  const ix::InstallChanges changes = Require(ix::PlanInstall(directory, files, options.policy));
  std::cout << summary << "\n";
  for (const std::string& path : changes.replaced) std::cout << "  replaces / 置き換え: " << path << "\n";
  for (const auto& [id, removed] : changes.removed_nodes) {
    std::cout << "  " << id << ": removes " << removed.size() << " nodes / ノードを削除:";
    for (const std::string& node : removed) std::cout << " " << node;
    std::cout << "\n";
  }
  if (options.dry_run) {
    std::cout << "check passed; nothing written (--dry-run) / 検査のみ\n";
    return;
  }
  const auto written = Require(ix::InstallCatalogFiles(directory, files, options.policy));
  for (const std::string& path : written) std::cout << "  wrote / 書き込み: " << path << "\n";
}

std::string Header(const std::string& source, const std::string& command) {
  return "Imported from " + source + " by `hoshitori " + command + "`.\n"
         "The texts are those of the source; see licence_note. / 取り込み元の文書の文をそのまま使っています。";
}

std::string FrameworkSummary(const Framework& f) {
  return "framework " + f.id + ": " + std::to_string(f.nodes().size()) + " nodes, " +
         std::to_string(f.assessable().size()) + " assessable, " + std::to_string(f.categories.size()) +
         " categories / 基準を取り込みました";
}

std::string MappingSummary(const MappingSet& s) {
  return "mapping set " + s.id + " (" + s.source + " → " + s.target + "): " + std::to_string(s.mappings.size()) +
         " mappings / マッピングを取り込みました";
}

ix::CatalogFile FrameworkFile(const Framework& framework, const std::string& header) {
  return ix::CatalogFile{framework.id + ".yaml", ix::FrameworkToYaml(framework, header)};
}
ix::CatalogFile MappingFile(const MappingSet& set, const std::string& header) {
  return ix::CatalogFile{set.id + ".yaml", ix::MappingSetToYaml(set, header)};
}

Attestation BuildAttestation(const std::string& kind, const std::string& status, bool declaration,
                             const std::string& valid_from, const std::string& valid_until) {
  Attestation a;
  if (!kind.empty()) {
    auto parsed = ParseAttestationKind(kind);
    if (!parsed) throw CommandFailure{"--attestation must be self, expert_confirmed or third_party"};
    a.kind = *parsed;
  }
  auto parsed_status = ParseAssessmentStatus(status);
  if (!parsed_status) throw CommandFailure{"--status must be draft, submitted, confirmed, verified, expired or revoked"};
  a.status = *parsed_status;
  a.management_declaration = declaration;
  if (!valid_from.empty()) a.valid_from = Require(ParseDate(valid_from));
  if (!valid_until.empty()) a.valid_until = Require(ParseDate(valid_until));
  if (a.valid_from && a.valid_until && *a.valid_until < *a.valid_from) throw CommandFailure{"--valid-until is before --valid-from"};
  return a;
}

}  // namespace

void AddImportCommands(CLI::App& app, Context& context) {
  CLI::App* import = app.add_subcommand("import", "import frameworks, crosswalks and answer sheets / 取り込み");
  import->require_subcommand(1);

  // --- OSCAL
  CLI::App* oscal = import->add_subcommand("oscal", "OSCAL JSON or XML (catalog, profile, mapping collection)");
  oscal->require_subcommand(1);

  struct OscalCatalogOptions {
    std::string file, id;
    bool leaves_only = false;
    InstallOptions install;
  };
  auto catalog_options = std::make_shared<OscalCatalogOptions>();
  auto* catalog = oscal->add_subcommand("catalog", "an OSCAL catalog → a framework / OSCAL カタログ");
  catalog->add_option("file", catalog_options->file, "OSCAL catalog (JSON or XML)")->required();
  catalog->add_option("--id", catalog_options->id, "framework id (default: from the catalog title)");
  catalog->add_flag("--leaves-only", catalog_options->leaves_only,
                    "only controls without child controls are assessable (e.g. CSF 2.0 subcategories)");
  catalog_options->install.Add(catalog);
  catalog->callback([&context, catalog_options] {
    ix::OscalCatalogOptions options;
    options.file_name = catalog_options->file;
    options.framework_id = catalog_options->id;
    options.leaves_only = catalog_options->leaves_only;
    const Framework framework = Require(ix::ImportOscalCatalog(ReadFile(catalog_options->file), options));
    Install(context, catalog_options->install,
            {FrameworkFile(framework, Header(BaseName(catalog_options->file), "import oscal catalog"))},
            FrameworkSummary(framework));
  });

  struct OscalProfileOptions {
    std::string file, catalog, id;
    bool leaves_only = false;
    InstallOptions install;
  };
  auto profile_options = std::make_shared<OscalProfileOptions>();
  auto* profile = oscal->add_subcommand(
      "profile", "an OSCAL profile (baseline) resolved against its catalog → a framework / ベースライン");
  profile->add_option("file", profile_options->file, "OSCAL profile (JSON or XML)")->required();
  profile->add_option("--catalog", profile_options->catalog, "the OSCAL catalog the profile imports from")->required();
  profile->add_option("--id", profile_options->id, "framework id (default: from the profile title)");
  profile->add_flag("--leaves-only", profile_options->leaves_only, "only controls without child controls are assessable");
  profile_options->install.Add(profile);
  profile->callback([&context, profile_options] {
    ix::OscalProfileOptions resolve;
    resolve.file_name = profile_options->file;
    resolve.catalog_file_name = profile_options->catalog;
    const auto resolved = Require(
        ix::ResolveOscalProfile(ReadFile(profile_options->file), ReadFile(profile_options->catalog), resolve));
    ix::OscalCatalogOptions options;
    options.file_name = profile_options->file;
    options.framework_id = profile_options->id;
    options.leaves_only = profile_options->leaves_only;
    const Framework framework = Require(ix::ImportOscalCatalogDocument(resolved, options));
    Install(context, profile_options->install,
            {FrameworkFile(framework, Header(BaseName(profile_options->file) + " resolved against " +
                                                 BaseName(profile_options->catalog),
                                             "import oscal profile"))},
            FrameworkSummary(framework));
  });

  struct OscalMappingOptions {
    std::string file, source, target, id;
    bool skip_unknown = false;
    InstallOptions install;
  };
  auto mapping_options = std::make_shared<OscalMappingOptions>();
  auto* mapping = oscal->add_subcommand("mapping", "an OSCAL mapping collection → mapping sets / マッピング");
  mapping->add_option("file", mapping_options->file, "OSCAL mapping collection (JSON or XML)")->required();
  mapping->add_option("--source", mapping_options->source, "framework id of the sources");
  mapping->add_option("--target", mapping_options->target, "framework id of the targets");
  mapping->add_option("--id", mapping_options->id, "mapping set id (default: SOURCE_to_TARGET)");
  mapping->add_flag("--skip-unknown", mapping_options->skip_unknown,
                    "leave out maps naming ids the frameworks lack, and list them / 不明な ID を除いて取り込む");
  mapping_options->install.Add(mapping);
  mapping->callback([&context, mapping_options] {
    const auto resolving = OpenForResolving(mapping_options->install.Directory(context));
    ix::OscalMappingOptions options;
    options.file_name = mapping_options->file;
    options.source = mapping_options->source;
    options.target = mapping_options->target;
    options.id = mapping_options->id;
    options.find_framework = [resolving](const std::string& id) { return resolving->FindFramework(id); };
    options.skip_unknown = mapping_options->skip_unknown;
    std::vector<std::string> skipped, notes;
    options.skipped = &skipped;
    options.notes = &notes;
    if ((!options.source.empty() && !resolving->FindFramework(options.source)) ||
        (!options.target.empty() && !resolving->FindFramework(options.target))) {
      throw CommandFailure{"--source and --target must name frameworks of " +
                           mapping_options->install.Directory(context) + " (import them first)"};
    }
    const auto sets = Require(ix::ImportOscalMappingCollection(ReadFile(mapping_options->file), options));
    PrintLines(skipped, "skipped / 取り込まなかった ID");
    PrintLines(notes, "merged / 統合した重複");
    std::vector<ix::CatalogFile> files;
    std::string summary;
    for (const MappingSet& set : sets) {
      files.push_back(MappingFile(set, Header(BaseName(mapping_options->file), "import oscal mapping")));
      summary += (summary.empty() ? "" : "\n") + MappingSummary(set);
    }
    Install(context, mapping_options->install, files, summary);
  });

  // --- CISO Assistant
  struct CisoOptions {
    std::string file, id, level_map, source, target;
    bool skip_unknown = false;
    InstallOptions install;
  };
  auto ciso_options = std::make_shared<CisoOptions>();
  auto* ciso = import->add_subcommand("ciso-assistant", "a CISO Assistant library (YAML) / CISO Assistant ライブラリ");
  ciso->add_option("file", ciso_options->file, "library YAML")->required();
  ciso->add_option("--id", ciso_options->id, "framework id (default: from the framework urn)");
  ciso->add_option("--level-map", ciso_options->level_map, "implementation groups as level tags, e.g. IG1=lv1,IG2=lv2");
  ciso->add_option("--source", ciso_options->source, "framework id for the mapping sets' sources");
  ciso->add_option("--target", ciso_options->target, "framework id for the mapping sets' targets");
  ciso->add_flag("--skip-unknown", ciso_options->skip_unknown,
                 "leave out mapping entries that cannot be imported, and list them / 取り込めない対応を除く");
  ciso_options->install.Add(ciso);
  ciso->callback([&context, ciso_options] {
    const auto resolving = OpenForResolving(ciso_options->install.Directory(context));
    ix::CisoImportOptions options;
    options.file_name = ciso_options->file;
    options.framework_id = ciso_options->id;
    options.level_map = Require(ix::ParseLevelMap(ciso_options->level_map));
    options.source = ciso_options->source;
    options.target = ciso_options->target;
    options.find_framework = [resolving](const std::string& id) { return resolving->FindFramework(id); };
    options.skip_unknown = ciso_options->skip_unknown;
    const auto imported = Require(ix::ImportCisoAssistantLibrary(ReadFile(ciso_options->file), options));
    PrintLines(imported.skipped, "skipped / 取り込まなかった対応");
    PrintLines(imported.notes, "notes / 補足");
    const std::string header = Header(BaseName(ciso_options->file), "import ciso-assistant");
    std::vector<ix::CatalogFile> files;
    std::string summary;
    for (const Framework& framework : imported.frameworks) {
      files.push_back(FrameworkFile(framework, header));
      summary += (summary.empty() ? "" : "\n") + FrameworkSummary(framework);
    }
    for (const MappingSet& set : imported.mapping_sets) {
      files.push_back(MappingFile(set, header));
      summary += (summary.empty() ? "" : "\n") + MappingSummary(set);
    }
    Install(context, ciso_options->install, files, summary);
  });

  // --- spreadsheets
  CLI::App* sheet = import->add_subcommand("sheet", "a spreadsheet (xlsx or CSV) / スプレッドシート");
  sheet->require_subcommand(1);

  struct SheetFrameworkOptions {
    std::string file, map, sheet;
    InstallOptions install;
  };
  auto sheet_framework = std::make_shared<SheetFrameworkOptions>();
  auto* guideline = sheet->add_subcommand("framework", "a guideline or check sheet → a framework / 基準として取り込む");
  guideline->add_option("file", sheet_framework->file, "xlsx or CSV file")->required();
  guideline->add_option("--map", sheet_framework->map, "column map (YAML; see docs/interchange.md)")->required();
  guideline->add_option("--sheet", sheet_framework->sheet, "sheet name (default: the map's, else the first)");
  sheet_framework->install.Add(guideline);
  guideline->callback([&context, sheet_framework] {
    const auto map = Require(ix::ParseColumnMap(ReadFile(sheet_framework->map), sheet_framework->map));
    const std::string sheet_name = !sheet_framework->sheet.empty() ? sheet_framework->sheet : map.sheet;
    const auto table = Require(ix::ReadTable(ReadFile(sheet_framework->file), sheet_name));
    const Framework framework = Require(ix::SheetToFramework(table, map, BaseName(sheet_framework->file)));
    Install(context, sheet_framework->install,
            {FrameworkFile(framework, Header(BaseName(sheet_framework->file), "import sheet framework"))},
            FrameworkSummary(framework));
  });

  struct SheetAnswersOptions {
    std::string file, map, sheet, org, framework, scope, kind, status = "draft", valid_from, valid_until;
    bool declaration = false;
  };
  auto answers_options = std::make_shared<SheetAnswersOptions>();
  auto* answers = sheet->add_subcommand("answers", "a filled-in answer sheet → an assessment / 回答を評価として登録");
  answers->add_option("file", answers_options->file, "xlsx or CSV file")->required();
  answers->add_option("--org", answers_options->org, "corporate number of the organisation")->required();
  answers->add_option("--framework", answers_options->framework, "framework id (default: named in the Hoshitori check sheet)");
  answers->add_option("--map", answers_options->map, "column map (default: the Hoshitori check sheet layout)");
  answers->add_option("--sheet", answers_options->sheet, "sheet name");
  answers->add_option("--scope", answers_options->scope, "what the assessment covers / 対象範囲");
  answers->add_option("--attestation", answers_options->kind, "self | expert_confirmed | third_party");
  answers->add_option("--status", answers_options->status, "draft | submitted | confirmed | verified")->capture_default_str();
  answers->add_flag("--declaration", answers_options->declaration, "management declaration made / 経営者宣言あり");
  answers->add_option("--valid-from", answers_options->valid_from, "YYYY-MM-DD");
  answers->add_option("--valid-until", answers_options->valid_until, "YYYY-MM-DD");
  answers->callback([&context, answers_options] {
    const SheetAnswersOptions& o = *answers_options;
    const std::string bytes = ReadFile(o.file);
    const ix::ColumnMap map = o.map.empty() ? ix::CheckSheetColumnMap() : Require(ix::ParseColumnMap(ReadFile(o.map), o.map));
    std::string framework_id = o.framework;
    if (framework_id.empty()) {
      if (!ix::LooksLikeXlsx(bytes)) throw CommandFailure{"give --framework for a CSV answer sheet"};
      framework_id = Require(ix::ReadCheckSheetInfo(bytes)).framework_id;
    }
    const Framework& framework = context.framework(framework_id);
    std::string sheet_name = !o.sheet.empty() ? o.sheet : map.sheet;
    if (!ix::LooksLikeXlsx(bytes)) sheet_name.clear();
    const auto table = Require(ix::ReadTable(bytes, sheet_name));
    const auto parsed = Require(ix::SheetToAnswers(table, map, framework, BaseName(o.file)));
    const auto number = Require(CorporateNumber::Parse(o.org));
    const auto organisation = Require(context.store().FindOrganisation(number));
    if (!organisation) throw CommandFailure{"no organisation with corporate number " + number.digits() + " is registered"};
    AssessmentRecord record;
    record.org_id = organisation->id;
    record.framework_id = framework.id;
    record.scope = o.scope;
    record.attestation = BuildAttestation(o.kind, o.status, o.declaration, o.valid_from, o.valid_until);
    service::Context use_case{context.store(), context.catalog(), context.clock(), nullptr,
                              service::Actor::Operator()};
    const int64_t id = Require(service::AssessmentService(use_case).Import(record, parsed));
    std::cout << "assessment " << id << " stored with " << parsed.size() << " answers from " << BaseName(o.file)
              << " / 回答シートを評価として登録しました\n";
  });
}

}  // namespace hoshitori::app
