#include "chain/relationship.h"

#include <array>
#include <cctype>

namespace hoshitori {

namespace {

// Lower case with '-' and ' ' read as '_', so "Single-source" matches "single_source".
std::string Normalise(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  std::string out;
  for (char c : text) {
    if (c == '-' || c == ' ') c = '_';
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

template <typename Enum, size_t N>
Result<Enum> ParseName(std::string_view what, std::string_view text,
                       const std::array<std::string_view, N>& names) {
  const std::string key = Normalise(text);
  std::string accepted;
  for (size_t i = 0; i < N; ++i) {
    if (key == names[i]) return static_cast<Enum>(i);
    accepted += (i ? ", " : "") + std::string(names[i]);
  }
  return MakeError(std::string(what) + " '" + std::string(text) + "' is not known; use one of " +
                   accepted);
}

constexpr std::array<std::string_view, kRelationshipKindCount> kKindNames = {
    "parts", "manufacturing", "it_outsourcing", "subcontracting", "cloud_service", "logistics",
    "other"};
constexpr std::array<std::string_view, 5> kConnectivityNames = {"none", "email", "portal", "vpn",
                                                                "ot"};
constexpr std::array<std::string_view, 3> kSubstitutabilityNames = {"easy", "delayed",
                                                                    "single_source"};
constexpr std::array<std::string_view, 4> kDataNames = {"internal", "confidential",
                                                        "important_confidential", "personal"};

}  // namespace

std::string_view RelationshipKindName(RelationshipKind kind) {
  return kKindNames[static_cast<size_t>(kind)];
}
std::string_view ConnectivityName(Connectivity connectivity) {
  return kConnectivityNames[static_cast<size_t>(connectivity)];
}
std::string_view SubstitutabilityName(Substitutability substitutability) {
  return kSubstitutabilityNames[static_cast<size_t>(substitutability)];
}

std::string DataHandledName(DataHandled data) {
  if (data == 0) return "none";
  std::string out;
  for (size_t i = 0; i < kDataNames.size(); ++i) {
    if (data & (1u << i)) out += (out.empty() ? "" : "|") + std::string(kDataNames[i]);
  }
  return out;
}

Result<DataHandled> ParseDataClass(std::string_view name) {
  const std::string key = Normalise(name);
  if (key == "none" || key.empty()) return DataHandled{0};
  for (size_t i = 0; i < kDataNames.size(); ++i) {
    if (key == kDataNames[i]) return static_cast<DataHandled>(1u << i);
  }
  return MakeError("data class '" + std::string(name) +
                   "' is not known; use none, internal, confidential, important_confidential or "
                   "personal (several joined by '|')");
}

Result<RelationshipKind> ParseRelationshipKind(std::string_view text) {
  return ParseName<RelationshipKind>("relationship kind", text, kKindNames);
}
Result<Connectivity> ParseConnectivity(std::string_view text) {
  if (Normalise(text).empty()) return Connectivity::kNone;
  return ParseName<Connectivity>("connectivity", text, kConnectivityNames);
}
Result<Substitutability> ParseSubstitutability(std::string_view text) {
  return ParseName<Substitutability>("substitutability", text, kSubstitutabilityNames);
}

Result<DataHandled> ParseDataHandled(std::string_view text) {
  DataHandled out = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of("|;", start);
    if (end == std::string_view::npos) end = text.size();
    auto one = ParseDataClass(text.substr(start, end - start));
    if (!one) return one.error();
    out |= *one;
    start = end + 1;
  }
  return out;
}

Result<bool> ParseYesNo(std::string_view text) {
  const std::string key = Normalise(text);
  if (key == "yes" || key == "y" || key == "true" || key == "1") return true;
  if (key == "no" || key == "n" || key == "false" || key == "0" || key.empty()) return false;
  return MakeError("'" + std::string(text) + "' is not yes or no");
}

int ConfidentialityRank(DataHandled data) {
  if (data & kDataImportantConfidential) return 3;
  if (data & kDataConfidential) return 2;
  if (data & kDataInternal) return 1;
  return 0;
}

Status ValidateRelationship(const SupplyRelationship& r) {
  if (r.buyer <= 0 || r.supplier <= 0) return MakeError("the buyer and the supplier must be known organisations");
  if (r.buyer == r.supplier) {
    return MakeError("an organisation cannot be its own supplier (buyer and supplier are the same)");
  }
  if (r.declared_by != r.buyer && r.declared_by != r.supplier) {
    return MakeError("a relationship is declared by its buyer or its supplier, not by a third organisation");
  }
  if (r.start && r.end && *r.end < *r.start) return MakeError("the end date is before the start date");
  return OkStatus();
}

}  // namespace hoshitori
