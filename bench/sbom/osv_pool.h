// Shared by the SBOM matching and propagation benchmarks: reading the real OSV data sets and
// drawing synthetic components from the packages their advisories name.
//
// Named components: a package key the advisories name (package_match.h AffectedPackageKey),
// popular keys drawn far more often (Zipf-like), with a version drawn from the entry's
// `versions` list, its range events (introduced other than "0", fixed, last_affected) and
// the versions just around each event (the last number of a plain dotted version one up and
// one down), so that hits and near misses both occur. Go versions get the "v" Go module
// versions (and their Package URLs) carry. Unrelated components: names no advisory names.
// Deterministic for a seed.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "interchange/osv.h"
#include "sbom/package_match.h"
#include "sbom/purl.h"

namespace hoshitori::bench {

struct OsvSet {
  std::vector<sbom::Advisory> advisories;
  std::vector<std::string> files;  // the file of each advisory, absolute
  size_t skipped = 0;
};

// Reads every advisory under each directory; false (and a message) when one is absent.
inline bool LoadOsvSets(const std::vector<std::filesystem::path>& directories, OsvSet* set) {
  for (const std::filesystem::path& directory : directories) {
    if (!std::filesystem::is_directory(directory)) {
      std::printf("skipped: %s is absent (the shared OSV data sets are not here)\n",
                  directory.c_str());
      return false;
    }
    auto report = interchange::ReadOsvDirectory(
        directory, [&](sbom::Advisory&& advisory, const std::string& file) {
          set->advisories.push_back(std::move(advisory));
          set->files.push_back((directory / file).string());
        });
    if (!report.ok()) {
      std::printf("skipped: %s\n", report.error().message.c_str());
      return false;
    }
    set->skipped += report->skipped.size();
  }
  return true;
}

class ComponentPool {
 public:
  ComponentPool(const std::vector<sbom::Advisory>& advisories, size_t unrelated) {
    std::map<std::string, std::set<std::string>> versions;  // key -> versions as written
    for (const sbom::Advisory& advisory : advisories) {
      if (advisory.withdrawn) continue;
      for (const sbom::AffectedPackage& entry : advisory.affected) {
        const std::optional<std::string> key = sbom::AffectedPackageKey(entry.package);
        if (!key) continue;
        std::set<std::string>& out = versions[*key];
        for (const std::string& version : entry.versions) out.insert(version);
        for (const sbom::AffectedRange& range : entry.ranges) {
          if (range.type == sbom::RangeType::kGit) continue;
          for (const sbom::RangeEvent& event : range.events) {
            if (event.kind == sbom::EventKind::kLimit || event.version == "0") continue;
            out.insert(event.version);
            for (const std::string& near : Around(event.version)) out.insert(near);
          }
        }
        if (out.empty()) out.insert("1.0.0");
      }
    }
    for (const auto& [key, written] : versions) {
      auto base = sbom::ParsePackageUrl(key, sbom::PurlParseMode::kLenient);
      if (!base.ok()) continue;
      std::vector<std::string> purls;
      for (std::string version : written) {
        if (base->type == "golang" && version.front() != 'v') version = "v" + version;
        auto purl =
            sbom::BuildPackageUrl(base->type, base->namespace_, base->name, version, {}, "");
        if (purl.ok()) purls.push_back(sbom::ToString(*purl));
      }
      if (purls.empty()) continue;
      keys_.push_back(key);
      named_.push_back(std::move(purls));
    }
    // Popularity: a fixed random permutation, so popular keys are not alphabetical.
    std::mt19937_64 shuffle(7);
    order_.resize(keys_.size());
    for (size_t i = 0; i < order_.size(); ++i) order_[i] = i;
    std::shuffle(order_.begin(), order_.end(), shuffle);
    for (size_t i = 0; i < unrelated; ++i) {
      unrelated_.push_back(i % 2 == 0 ? "pkg:pypi/unrelated-lib-" + std::to_string(i) + "@1." +
                                            std::to_string(i % 7) + ".0"
                                      : "pkg:golang/example.com/unrelated/mod" + std::to_string(i) +
                                            "@v0." + std::to_string(i % 5) + ".1");
    }
  }

  // A named component with probability `named_share`, else an unrelated one.
  const std::string& Draw(std::mt19937_64& random, double named_share) const {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    if (unit(random) >= named_share || keys_.empty()) {
      return unrelated_[random() % unrelated_.size()];
    }
    const size_t rank =
        static_cast<size_t>(std::pow(unit(random), 2.0) * static_cast<double>(keys_.size())) %
        keys_.size();
    const std::vector<std::string>& purls = named_[order_[rank]];
    return purls[random() % purls.size()];
  }

  size_t named_keys() const { return keys_.size(); }

 private:
  // "1.4.2" -> "1.4.3", "1.4.1"; nothing for versions that are not plain dotted numbers.
  static std::vector<std::string> Around(const std::string& version) {
    if (version.empty() || version.size() > 30 ||
        version.find_first_not_of("0123456789.") != std::string::npos || version.front() == '.' ||
        version.back() == '.') {
      return {};
    }
    const size_t dot = version.rfind('.');
    const std::string head = dot == std::string::npos ? "" : version.substr(0, dot + 1);
    const unsigned long last = std::stoul(version.substr(dot == std::string::npos ? 0 : dot + 1));
    std::vector<std::string> out = {head + std::to_string(last + 1)};
    if (last > 0) out.push_back(head + std::to_string(last - 1));
    return out;
  }

  std::vector<std::string> keys_;
  std::vector<std::vector<std::string>> named_;  // canonical purls with version, per key
  std::vector<size_t> order_;
  std::vector<std::string> unrelated_;
};

}  // namespace hoshitori::bench
