// hoshitori share stix-check FILE: reads a STIX 2.1 bundle (interchange/stix.h) and prints what
// it holds — objects per type, the indicators, CVE ids, malware and ATT&CK ids Hoshitori
// extracts, the TLP markings — or the error (English / Japanese, with the JSON path) and exit
// code 2. Touches no database.
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/context.h"
#include "interchange/stix.h"

namespace hoshitori::app {

namespace {

std::string Say(const Context& context, std::string japanese, std::string english) {
  return context.lang == "en" ? std::move(english) : std::move(japanese);
}

std::string MarkingName(const interchange::StixObjectTlp& marking) {
  if (!marking.tlp) return "unmarked";
  return std::string(share::TlpLabel(*marking.tlp));
}

void PrintJson(const std::string& file, const interchange::StixImport& read) {
  nlohmann::ordered_json indicators = nlohmann::ordered_json::array();
  for (const interchange::StixExtractedIndicator& found : read.indicators) {
    indicators.push_back({{"kind", share::IndicatorKindName(found.indicator.kind)},
                          {"value", found.indicator.value},
                          {"object", found.object_id}});
  }
  std::map<std::string, size_t> markings;
  for (const interchange::StixObjectTlp& marking : read.tlp) ++markings[MarkingName(marking)];
  const nlohmann::ordered_json out = {{"file", file},
                                      {"bundle", read.bundle.id},
                                      {"objects", read.bundle.objects.size()},
                                      {"types", read.count_by_type},
                                      {"indicators", std::move(indicators)},
                                      {"patterns_not_extracted", read.patterns_not_extracted},
                                      {"cves", read.cves},
                                      {"malware", read.malware},
                                      {"techniques", read.techniques},
                                      {"markings", markings},
                                      {"unknown_markings", read.unknown_markings},
                                      {"notes", read.notes},
                                      {"notes_dropped", read.notes_dropped}};
  std::cout << out.dump(2) << "\n";
}

void PrintText(const Context& context, const std::string& file,
               const interchange::StixImport& read) {
  const auto n = [](size_t value) { return std::to_string(value); };
  const auto list = [](const std::vector<std::string>& values) {
    std::string text;
    for (const std::string& value : values) text += (text.empty() ? "" : ", ") + value;
    return text.empty() ? std::string("-") : text;
  };
  std::cout << file << ": "
            << Say(context,
                   "STIX 2.1 バンドル " + read.bundle.id + "（オブジェクト " +
                       n(read.bundle.objects.size()) + " 件）",
                   "STIX 2.1 bundle " + read.bundle.id + " (" + n(read.bundle.objects.size()) +
                       " objects)")
            << "\n";
  std::cout << Say(context, "種類別:", "by type:") << "\n";
  for (const auto& [type, count] : read.count_by_type) {
    std::cout << "  " << type << " " << count << "\n";
  }
  std::cout << Say(context,
                   "抽出した指標: " + n(read.indicators.size()) + " 件（抽出できなかったパターン " +
                       n(read.patterns_not_extracted) + " 件）",
                   "indicators extracted: " + n(read.indicators.size()) +
                       " (patterns not extracted: " + n(read.patterns_not_extracted) + ")")
            << "\n";
  for (const interchange::StixExtractedIndicator& found : read.indicators) {
    std::cout << "  " << share::IndicatorKindName(found.indicator.kind) << " "
              << found.indicator.value << "  (" << found.object_id << ")\n";
  }
  std::cout << "CVE: " << list(read.cves) << "\n"
            << Say(context, "マルウェア: ", "malware: ") << list(read.malware) << "\n"
            << "ATT&CK: " << list(read.techniques) << "\n";
  std::map<std::string, size_t> markings;
  for (const interchange::StixObjectTlp& marking : read.tlp) ++markings[MarkingName(marking)];
  std::cout << Say(context, "マーキング:", "markings:");
  for (const auto& [name, count] : markings) {
    std::cout << " " << (name == "unmarked" ? Say(context, "なし", "unmarked") : name) << " "
              << count;
  }
  std::cout << "\n";
  if (read.unknown_markings > 0) {
    std::cout << Say(context,
                     "不明なマーキングのため TLP:RED として扱ったオブジェクト: " +
                         n(read.unknown_markings) + " 件",
                     "objects read as TLP:RED because of an unknown marking: " +
                         n(read.unknown_markings))
              << "\n";
  }
  for (const std::string& note : read.notes) std::cout << "  " << note << "\n";
  if (read.notes_dropped > 0) {
    std::cout << Say(context, "ほか " + n(read.notes_dropped) + " 件の注記",
                     n(read.notes_dropped) + " more notes")
              << "\n";
  }
}

}  // namespace

void AddShareCommands(CLI::App& app, Context& context) {
  CLI::App* share = app.add_subcommand("share", "information sharing / 情報共有 (STIX 2.1)");
  share->require_subcommand(1);

  struct CheckOptions {
    std::string file;
    bool json = false;
  };
  auto options = std::make_shared<CheckOptions>();
  CLI::App* check = share->add_subcommand(
      "stix-check",
      "read a STIX 2.1 bundle and show its objects, indicators and markings / "
      "STIX 2.1 バンドルの読み取りと内容の表示");
  check->add_option("file", options->file, "bundle (JSON) / バンドル")->required();
  check->add_flag("--json", options->json, "JSON output");
  check->callback([&context, options] {
    std::error_code error;
    const auto size = std::filesystem::file_size(options->file, error);
    if (!error && size > interchange::kMaxStixBundleBytes) {
      throw CommandFailure{
          options->file + ": the file is " + std::to_string(size) + " bytes, more than " +
              std::to_string(interchange::kMaxStixBundleBytes) + " / ファイルが上限 " +
              std::to_string(interchange::kMaxStixBundleBytes) + " バイトを超えています",
          AnswerFor(ErrorKind::kInvalid).exit_code};
    }
    const interchange::StixImport read =
        Require(interchange::ReadBundle(ReadFile(options->file), options->file));
    if (options->json) {
      PrintJson(options->file, read);
    } else {
      PrintText(context, options->file, read);
    }
  });
}

}  // namespace hoshitori::app
