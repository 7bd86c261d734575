// Relationships of the supply chain: directed buyer → supplier edges with the attributes a
// buyer's requirement policy looks at, and the disclosure consent that decides who may see
// an edge beyond its own tier.
//
// The names used here are the names used in files, the CLI and the schema
// (src/store/migrations/002_relationships.sql): `parts`, `important_confidential`, `vpn` ...
// Plain values; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/result.h"

namespace hoshitori {

// What the supplier does for the buyer.
enum class RelationshipKind : uint8_t {
  kParts,           // parts and materials
  kManufacturing,   // manufacturing subcontract
  kItOutsourcing,   // IT outsourcing (development, operation)
  kSubcontracting,  // 再委託: subcontracting of an outsourced task
  kCloudService,    // cloud / IT service
  kLogistics,
  kOther,
};
inline constexpr int kRelationshipKindCount = 7;

// Which classes of the buyer's data the supplier handles: a set of flags. The first four
// form a confidentiality scale (the highest one present counts); personal data is separate.
enum DataFlag : uint8_t {
  kDataInternal = 1 << 0,
  kDataConfidential = 1 << 1,
  kDataImportantConfidential = 1 << 2,  // 重要な機密情報
  kDataPersonal = 1 << 3,               // 個人情報
};
using DataHandled = uint8_t;  // 0 = none

// How the supplier's environment is connected to the buyer's.
enum class Connectivity : uint8_t {
  kNone,
  kEmail,   // e-mail or file exchange
  kPortal,  // the buyer's portal
  kVpn,     // VPN or direct network connection to the buyer's internal systems
  kOt,      // connection to the buyer's OT / production network
};

// How hard it is to replace the supplier.
enum class Substitutability : uint8_t {
  kEasy,          // easily replaced
  kDelayed,       // replaceable with delay
  kSingleSource,  // single source
};

std::string_view RelationshipKindName(RelationshipKind kind);
std::string_view ConnectivityName(Connectivity connectivity);
std::string_view SubstitutabilityName(Substitutability substitutability);
// "none", or the flags joined by '|' in scale order, e.g. "confidential|personal".
std::string DataHandledName(DataHandled data);
// The name of one data class: none, internal, confidential, important_confidential, personal.
Result<DataHandled> ParseDataClass(std::string_view name);

// Parsers accept the names above (case-insensitive, '-' or ' ' for '_') and return an error
// listing the accepted names.
Result<RelationshipKind> ParseRelationshipKind(std::string_view text);
Result<Connectivity> ParseConnectivity(std::string_view text);
Result<Substitutability> ParseSubstitutability(std::string_view text);
// A set of data classes separated by '|' or ';' ("confidential|personal"); "none" or empty
// is the empty set.
Result<DataHandled> ParseDataHandled(std::string_view text);
// yes/no, true/false, 1/0, y/n.
Result<bool> ParseYesNo(std::string_view text);

// 0 none, 1 internal, 2 confidential, 3 important_confidential: the highest class present.
int ConfidentialityRank(DataHandled data);

// One declared relationship. Organisations are named by their store ids.
struct SupplyRelationship {
  int64_t id = 0;           // store id; 0 before it is stored
  int64_t buyer = 0;        // organisation buying
  int64_t supplier = 0;     // organisation supplying
  int64_t declared_by = 0;  // organisation that declared the edge (buyer or supplier); owns it
  RelationshipKind kind = RelationshipKind::kParts;
  DataHandled data = 0;
  Connectivity connectivity = Connectivity::kNone;
  Substitutability substitutability = Substitutability::kEasy;
  bool production_critical = false;
  // Whether the supplier handles the buyer's data on its own IT (rather than inside an
  // environment the buyer provides). Only matters when data is handled.
  bool on_supplier_it = true;
  std::optional<Date> start;  // first day in force; none = since ever
  std::optional<Date> end;    // last day in force; none = open-ended
  // Whether both parties stand behind it: the other party confirmed the declaration, or the
  // platform operator imported it (an operator's import is trusted). An unconfirmed
  // relationship is a one-sided claim: only its declarer sees it, and it opens nothing
  // behind it (see GraphView).
  bool confirmed = true;
};

// Checks the invariants a stored relationship keeps: distinct known ids, the declarer is a
// party, start <= end. A self-loop (buyer == supplier) is an error: an organisation is not
// its own supplier.
Status ValidateRelationship(const SupplyRelationship& relationship);

// Disclosure consent: the declarer shows the confirmed relationships it declared or buys in
// (its own suppliers: the tier-N behind it) to a viewer (`viewer` set) or to every
// organisation upstream of it (`viewer` unset), i.e. every buyer whose chain reaches it.
// Without a disclosure only the two parties see a confirmed relationship. A disclosure can
// be withdrawn.
struct Disclosure {
  int64_t declarer = 0;
  std::optional<int64_t> viewer;
};

}  // namespace hoshitori
