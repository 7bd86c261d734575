// De-identifying a 100 KB report (issue 16; target under 10 ms): the corpus reports
// (tests/data/share-corpus, Japanese and English) concatenated until the text reaches
// --bytes, de-identified --rounds times with one profile that merges all the corpus
// organisations' profiles (more patterns than any one organisation declares).
//
//   deidentify_bench [--bytes 102400] [--rounds 200]
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "bench_support.h"
#include "share/deidentify.h"

namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void Append(std::vector<std::string>& to, const nlohmann::json& from, const char* key) {
  if (!from.contains(key)) return;
  for (const auto& value : from.at(key)) {
    std::string text = value.get<std::string>();
    if (std::find(to.begin(), to.end(), text) == to.end()) to.push_back(text);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace hoshitori::share;
  size_t bytes = 102400, rounds = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--bytes")
      bytes = std::stoull(argv[i + 1]);
    else if (flag == "--rounds")
      rounds = std::stoull(argv[i + 1]);
    else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  std::filesystem::path corpus =
      std::filesystem::path(HOSHITORI_SOURCE_DIR) / "tests/data/share-corpus";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  OrganisationProfile profile;
  std::vector<std::string> texts;
  for (const auto& file : files) {
    texts.push_back(ReadFile(file));
    auto sidecar = file;
    sidecar.replace_extension(".json");
    nlohmann::json p = nlohmann::json::parse(ReadFile(sidecar)).at("profile");
    Append(profile.names, p, "names");
    Append(profile.domains, p, "domains");
    Append(profile.ip_ranges, p, "ip_ranges");
    Append(profile.people, p, "people");
    Append(profile.emails, p, "emails");
    Append(profile.phones, p, "phones");
    Append(profile.addresses, p, "addresses");
    Append(profile.internal_hosts, p, "internal_hosts");
  }
  auto prepared = PreparedProfile::Prepare(profile);
  if (!prepared.ok() || texts.empty()) {
    std::fprintf(stderr, "cannot prepare the benchmark: %s\n",
                 prepared.ok() ? "no corpus" : prepared.error().message.c_str());
    return 1;
  }
  ReportDraft draft;
  for (size_t i = 0; draft.text.size() < bytes; ++i) draft.text += texts[i % texts.size()] + "\n";
  std::vector<double> wall, cpu;
  size_t removals = 0;
  for (size_t round = 0; round < rounds; ++round) {
    hoshitori::bench::Stopwatch watch;
    double cpu_start = hoshitori::bench::ThreadCpuSeconds();
    auto result = Deidentify(draft, *prepared);
    cpu.push_back((hoshitori::bench::ThreadCpuSeconds() - cpu_start) * 1000);
    wall.push_back(watch.Seconds() * 1000);
    if (!result.ok()) return 1;
    removals = result->removals.size();
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  auto at = [](const std::vector<double>& v, double q) {
    return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))];
  };
  std::printf(
      "deidentify: %zu bytes (%zu corpus reports repeated), %zu profile patterns, %zu removals; "
      "%zu rounds: median %.2f ms wall / %.2f ms CPU, p99 %.2f ms wall / %.2f ms CPU\n",
      draft.text.size(), texts.size(), prepared->patterns().size(), removals, rounds, at(wall, 0.5),
      at(cpu, 0.5), at(wall, 0.99), at(cpu, 0.99));
  return 0;
}
