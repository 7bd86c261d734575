// Parsing a CycloneDX JSON SBOM: Hoshitori's reader (simdjson DOM, then the walk into
// sbom::Bom with JSON pointers for errors and the bounds of sbom/bom.h) against simdjson's raw
// DOM parse of the same bytes (a reused parser and a pre-padded buffer: its best case), in the
// same run. Rounds alternate between the two so both see the same machine load; medians,
// the median of per-round ratios and the fastest rounds are reported. The target: the
// reader at no less than 30 % of simdjson's speed.
//
// Usage: sbom_parse_bench [--file PATH] [--rounds N]
//   default file: ../shared/data/cyclonedx/SBOM/keycloak-10.0.2/bom.json (2.2 MB, the largest
//   real CycloneDX JSON in the shared data), default rounds: 50.
#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench_support.h"
#include "interchange/cyclonedx.h"

namespace {

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::string file =
      std::string(HOSHITORI_SOURCE_DIR) + "/../shared/data/cyclonedx/SBOM/keycloak-10.0.2/bom.json";
  int rounds = 50;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--file") == 0) {
      file = argv[i + 1];
    } else if (std::strcmp(argv[i], "--rounds") == 0) {
      rounds = std::max(1, std::atoi(argv[i + 1]));
    } else {
      std::fprintf(stderr, "usage: %s [--file PATH] [--rounds N]\n", argv[0]);
      return 2;
    }
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", file.c_str());
    return 2;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  const simdjson::padded_string padded(text);
  const double megabytes = static_cast<double>(text.size()) / 1e6;

  // Each round parses the file a few times so one round lasts long enough to time.
  constexpr int kParsesPerRound = 5;
  simdjson::dom::parser raw_parser;
  size_t components = 0;
  size_t raw_elements = 0;
  std::vector<double> raw_seconds;
  std::vector<double> reader_seconds;
  for (int round = 0; round < rounds; ++round) {
    hoshitori::bench::Stopwatch raw_clock;
    for (int i = 0; i < kParsesPerRound; ++i) {
      simdjson::dom::element root;
      if (raw_parser.parse(padded).get(root) != simdjson::SUCCESS) {
        std::fprintf(stderr, "simdjson cannot parse %s\n", file.c_str());
        return 1;
      }
      raw_elements = root["components"].get_array().size();
    }
    raw_seconds.push_back(raw_clock.Seconds() / kParsesPerRound);

    // The boms are freed after the clock stops, as simdjson's document is not freed either:
    // this times parsing, not the caller's later clean-up.
    std::vector<hoshitori::Result<hoshitori::sbom::Bom>> boms;
    boms.reserve(kParsesPerRound);
    hoshitori::bench::Stopwatch reader_clock;
    for (int i = 0; i < kParsesPerRound; ++i) {
      boms.push_back(hoshitori::interchange::ReadCycloneDxJson(text, file));
    }
    reader_seconds.push_back(reader_clock.Seconds() / kParsesPerRound);
    for (const auto& bom : boms) {
      if (!bom) {
        std::fprintf(stderr, "%s\n", bom.error().message.c_str());
        return 1;
      }
      components = bom->components.size();
    }
  }
  const double raw = Median(raw_seconds);
  const double reader = Median(reader_seconds);
  // On a shared machine the speed of both moves from round to round: the ratio within each
  // round (both measured back to back) and the ratio of the fastest rounds are steadier.
  std::vector<double> ratios;
  for (size_t i = 0; i < raw_seconds.size(); ++i) {
    ratios.push_back(raw_seconds[i] / reader_seconds[i]);
  }
  const double fastest_raw = *std::min_element(raw_seconds.begin(), raw_seconds.end());
  const double fastest_reader = *std::min_element(reader_seconds.begin(), reader_seconds.end());
  std::printf("file: %s (%.2f MB, %zu components, %zu top-level)\n", file.c_str(), megabytes,
              components, raw_elements);
  std::printf("rounds: %d x %d parses each, median round\n", rounds, kParsesPerRound);
  std::printf("simdjson raw DOM parse:      %8.3f ms  %8.1f MB/s\n", raw * 1e3, megabytes / raw);
  std::printf("Hoshitori CycloneDX reader:  %8.3f ms  %8.1f MB/s\n", reader * 1e3,
              megabytes / reader);
  std::printf("fastest rounds: simdjson %.3f ms, reader %.3f ms\n", fastest_raw * 1e3,
              fastest_reader * 1e3);
  std::printf(
      "reader speed / simdjson raw: %.1f %% (medians), %.1f %% (median of per-round "
      "ratios), %.1f %% (fastest rounds); target >= 30 %%\n",
      100.0 * raw / reader, 100.0 * Median(ratios), 100.0 * fastest_raw / fastest_reader);
  std::printf("simdjson implementation: %s\n",
              simdjson::get_active_implementation()->name().c_str());
  return 0;
}
