// ExposureEngine: who is exposed to an advisory through their suppliers, held in memory.
//
// The engine holds facts the store loads (and keeps up to date incrementally):
// - product versions (id, owning organisation, product name, version);
// - the components of each product version: normalised Package URLs (purl.h), replaced as a
//   whole (an SBOM upload replaces the version's components);
// - deliveries: a product version delivered by its owner (the supplier) to a buyer over a
//   relationship, with the consent flags share_sbom and disclose_matches. The loader gives
//   only live deliveries on confirmed relationships;
// - containment: an outer product version contains an inner one (possibly another
//   organisation's). Containment edges are facts the loader has already checked for
//   consent: the engine follows every edge it holds.
// It answers, for an advisory (OSV, advisory.h) or an AdvisoryIndex:
// - AffectedVersions: the product versions with a component the advisory affects or whose
//   effect cannot be told (package_match.h MatchPackage decides, once per distinct component);
//   candidate components are found by PackageKey, so the cost follows what the advisory
//   names, not the number of components held;
// - Exposures: from every affected version up through containment (transitively, cycle-safe)
//   and out through the deliveries that disclose matches: one row per delivery reached;
// - ExposuresOfBuyer: everything that reaches one buyer, walking down from its deliveries;
// - CustomersToTell: the deliveries of one supplier that carry an affected version;
// - NewlyAffecting: after SetComponents, which advisories of an index now affect the version
//   that did not before (an upload re-evaluates that version only).
//
// Paths. A delivered version is reached from an affected version along a containment path
// (innermost affected version first, the delivered version last; length 1 when the delivered
// version itself is affected). Of all such paths the engine keeps the shortest; among equally
// short ones the lexicographically smallest sequence of product version ids (compared from
// the innermost end). The innermost version's component reported is its affected component
// with the smallest canonical Package URL (ToString), with that component's match.
//
// Order. Every list is in a documented order that depends only on the facts, never on the
// order they were put in.
//
// Bounds (each exceeded one is a kInvalid error, nothing changed): kMaxComponentsPerVersion
// components in one SetComponents call; kMaxProductTextBytes for a product name or version.
// Ids are the store's int64 ids; the engine indexes them with 32-bit slots, so it holds at
// most 2^32 - 2 product versions, deliveries and distinct components (far above the national
// scale of bench/sbom/: 100,000 versions, 10,000,000 component entries).
//
// Thread-safe: any number of concurrent queries (std::shared_mutex, shared), every change
// exclusive. Queries evaluate advisories while holding the shared lock; the AdvisoryIndex given
// to ExposuresOfBuyer / NewlyAffecting is only read (it has its own lock).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sbom/advisory.h"
#include "sbom/advisory_index.h"
#include "sbom/osv_range.h"
#include "sbom/purl.h"

namespace hoshitori::sbom {

inline constexpr size_t kMaxComponentsPerVersion = 1'000'000;
inline constexpr size_t kMaxProductTextBytes = 1024;

struct ProductVersionFact {
  int64_t id = 0;
  int64_t owner = 0;  // owning organisation
  std::string product;
  std::string version;
};

struct DeliveryFact {
  int64_t id = 0;
  int64_t product_version = 0;
  int64_t supplier = 0;  // the product version's owner
  int64_t buyer = 0;
  int64_t relationship = 0;
  bool share_sbom = false;        // the buyer may see the version's components
  bool disclose_matches = false;  // matches propagate to the buyer over this delivery
};

// One component of an affected product version and how the advisory concerns it.
struct AffectedComponent {
  std::string purl;  // canonical Package URL (ToString)
  RangeMatch match;  // kAffected or kCannotTell
};

struct AffectedVersion {
  int64_t product_version = 0;
  int64_t owner = 0;
  // Every affected component of the version, by purl. components[0] is the one rows report.
  std::vector<AffectedComponent> components;
};

// One distinct component an advisory concerns and every product version holding it.
struct ComponentHit {
  std::string purl;                       // canonical Package URL (ToString)
  RangeMatch match;                       // kAffected or kCannotTell
  std::vector<int64_t> product_versions;  // sorted
};

// A delivery that carries an affected version to a buyer.
// How a delivered version is reached from an affected one: the same for every delivery of
// that version, so the rows of one query share it (a popular version is delivered to
// thousands of buyers; copying its path and match into each row was most of a query's time).
struct ExposureReach {
  // Innermost affected version first, delivered version last (see "Paths" above).
  std::vector<int64_t> path;
  std::string component;  // the innermost version's reported component (canonical purl)
  RangeMatch match;       // that component's match
};

struct Exposure {
  int64_t buyer = 0;
  int64_t delivered_version = 0;
  int64_t supplier = 0;
  int64_t relationship = 0;
  int64_t delivery = 0;
  bool share_sbom = false;
  bool disclose_matches = false;  // always true in Exposures / ExposuresOfBuyer
  std::shared_ptr<const ExposureReach> reach;  // never null in the engine's rows

  const std::vector<int64_t>& path() const { return reach->path; }
  const std::string& component() const { return reach->component; }
  const RangeMatch& match() const { return reach->match; }
};

// An exposure of one buyer to one advisory (ExposuresOfBuyer).
struct BuyerExposure {
  std::string advisory_id;
  Exposure exposure;
};

// A component of a version newly affected after SetComponents (NewlyAffecting).
struct VersionHit {
  std::string advisory_id;
  std::string component;  // canonical purl
  RangeMatch match;
};

// What SetComponents changed. Lists sorted, unique.
struct ComponentChange {
  std::vector<std::string> touched_keys;  // PackageKey of every component added or removed
  std::vector<std::string> added;         // canonical purls present now, not before
  std::vector<std::string> removed;       // canonical purls present before, not now
};

struct ExposureStats {
  size_t product_versions = 0;
  size_t component_entries = 0;    // (version, component) pairs
  size_t distinct_components = 0;  // distinct canonical purls
  size_t package_keys = 0;         // distinct PackageKeys among them
  size_t deliveries = 0;
  size_t containment_edges = 0;
};

class ExposureEngine {
 public:
  ExposureEngine();
  ~ExposureEngine();
  ExposureEngine(const ExposureEngine&) = delete;
  ExposureEngine& operator=(const ExposureEngine&) = delete;

  // --- Changes (exclusive) ---

  // Adds a product version or updates its owner, product name and version text (its
  // components, deliveries and containment stay). kInvalid when a text exceeds
  // kMaxProductTextBytes; kConflict when the owner changes while deliveries name the old one.
  Status PutProductVersion(const ProductVersionFact& fact);
  // Removes the version with its components, its deliveries and every containment edge that
  // names it. No-op (OkStatus) when unknown.
  Status RemoveProductVersion(int64_t id);

  // Replaces the components of `product_version` by `components` (duplicates by canonical
  // purl are kept once; a purl without version is held and matches as "cannot tell").
  // kNotFound for an unknown version; kInvalid beyond kMaxComponentsPerVersion.
  Result<ComponentChange> SetComponents(int64_t product_version,
                                        std::span<const PackageUrl> components);

  // Adds or replaces the delivery with fact.id. kNotFound when its product version is not
  // held; kInvalid when fact.supplier is not the version's owner.
  Status PutDelivery(const DeliveryFact& fact);
  // No-op when unknown.
  Status RemoveDelivery(int64_t id);

  // Records that `outer` contains `inner` (idempotent). kNotFound when either is not held;
  // kInvalid when outer == inner. Cycles between several versions are accepted (queries
  // are cycle-safe).
  Status PutContainment(int64_t outer, int64_t inner);
  // No-op when the edge is unknown.
  Status RemoveContainment(int64_t outer, int64_t inner);

  // --- Queries (shared) ---

  // Every product version with a component `advisory` affects or cannot tell about, by
  // product version id; empty for a withdrawn advisory.
  std::vector<AffectedVersion> AffectedVersions(const Advisory& advisory) const;

  // The same answer grouped by component: one entry per distinct component the advisory
  // affects or cannot tell about, by purl, with the versions holding it. Its size follows the
  // distinct components, not the (version, component) pairs: the form for matching many
  // SBOMs at once.
  std::vector<ComponentHit> AffectedComponents(const Advisory& advisory) const;

  // One row per delivery with disclose_matches whose delivered version is an affected version
  // or contains one (transitively). Rows ordered by (buyer, delivered_version, supplier,
  // relationship, delivery). A buyer reached over several deliveries gets one row per
  // delivery; each row carries the delivered version's path (see "Paths").
  std::vector<Exposure> Exposures(const Advisory& advisory) const;

  // Everything that reaches `buyer`: for each of its deliveries with disclose_matches, the
  // delivered version and the versions it contains (transitively) are matched with
  // index.Match; one row per (advisory, delivery), with the same path, component and match
  // Exposures(advisory) gives for that delivery. Ordered by (advisory_id, then as Exposures).
  std::vector<BuyerExposure> ExposuresOfBuyer(int64_t buyer, const AdvisoryIndex& index) const;

  // The deliveries of `supplier` whose delivered version is affected or contains an affected
  // version, whether or not they disclose matches (the supplier knows its customers and must
  // tell them; disclose_matches says whether the engine also tells them). Same order, paths,
  // components and matches as Exposures.
  std::vector<Exposure> CustomersToTell(int64_t supplier, const Advisory& advisory) const;

  // After SetComponents returned `change`: the (advisory, component) pairs of `index` on
  // components in change.added (affected or cannot tell) whose advisory concerned no
  // component the version held before (the kept ones and change.removed). Ordered by
  // (advisory_id, component). Only the version's components are matched.
  std::vector<VersionHit> NewlyAffecting(int64_t product_version, const ComponentChange& change,
                                         const AdvisoryIndex& index) const;

  // The canonical purls of a version's components, sorted; empty when unknown.
  std::vector<std::string> ComponentsOf(int64_t product_version) const;

  ExposureStats Stats() const;

 private:
  struct State;
  mutable std::shared_mutex mutex_;
  std::unique_ptr<State> state_;
};

}  // namespace hoshitori::sbom
