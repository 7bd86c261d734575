#include "sbom/exposure.h"

#include <algorithm>
#include <limits>
#include <mutex>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "sbom/package_match.h"

namespace hoshitori::sbom {
namespace {

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

using KeyNode = std::pair<const std::string, std::vector<uint32_t>>;

// Slots of one kind of record: ids map to dense 32-bit slots, freed slots are reused.
template <typename Record>
struct Slots {
  std::vector<Record> records;
  std::vector<uint32_t> free;

  uint32_t Take() {
    if (!free.empty()) {
      const uint32_t slot = free.back();
      free.pop_back();
      return slot;
    }
    records.emplace_back();
    return static_cast<uint32_t>(records.size() - 1);
  }
  void Give(uint32_t slot) {
    records[slot] = Record{};
    free.push_back(slot);
  }
};

void InsertSorted(std::vector<uint32_t>* values, uint32_t value) {
  const auto at = std::lower_bound(values->begin(), values->end(), value);
  if (at == values->end() || *at != value) values->insert(at, value);
}

void EraseSorted(std::vector<uint32_t>* values, uint32_t value) {
  const auto at = std::lower_bound(values->begin(), values->end(), value);
  if (at != values->end() && *at == value) values->erase(at);
}

void SortUnique(std::vector<std::string>* values) {
  std::sort(values->begin(), values->end());
  values->erase(std::unique(values->begin(), values->end()), values->end());
}

Error Invalid(const std::string& english, const std::string& japanese) {
  return MakeError(ErrorKind::kInvalid, "invalid exposure fact", japanese + " / " + english);
}

Error UnknownVersion(int64_t id) {
  const std::string text = std::to_string(id);
  return MakeError(ErrorKind::kNotFound, "unknown product version",
                   "製品バージョン " + text + " はありません / no product version " + text);
}

// A parsed purl for MatchPackage; canonical strings always parse.
PackageUrl ParseHeld(const std::string& purl) {
  Result<PackageUrl> parsed = ParsePackageUrl(purl, PurlParseMode::kLenient);
  return parsed.ok() ? std::move(parsed).value() : PackageUrl{};
}

// The version texts the engine's queries parsed on this thread, kept across queries: the
// same components are matched against every advisory naming their package. Bounded: started
// afresh past kMaxMemoTexts texts (a few tens of MiB at most per thread).
constexpr size_t kMaxMemoTexts = 200'000;
VersionMemo& ThreadVersionMemo() {
  thread_local VersionMemo memo;
  if (memo.size() > kMaxMemoTexts) memo.Clear();
  return memo;
}

}  // namespace

struct ExposureEngine::State {
  struct Version {
    int64_t id = 0;
    int64_t owner = 0;
    std::string product, version;
    std::vector<uint32_t> components;  // component slots, sorted
    std::vector<uint32_t> deliveries;  // delivery slots, sorted
    std::vector<uint32_t> outers;      // version slots containing this one, sorted by id
    std::vector<uint32_t> inners;      // version slots this one contains, sorted by id
  };
  struct Component {
    const std::string* purl = nullptr;  // the key of component_by_purl
    KeyNode* key = nullptr;             // its node in components_by_key
    std::vector<uint32_t> holders;      // version slots, sorted
    // Parsed once, for matching: per distinct component, not per entry.
    PackageUrl parsed;
  };

  Slots<Version> versions;
  Slots<Component> components;
  Slots<DeliveryFact> deliveries;
  std::unordered_map<int64_t, uint32_t> version_by_id;
  std::unordered_map<int64_t, uint32_t> delivery_by_id;
  std::unordered_map<int64_t, std::vector<uint32_t>> deliveries_by_buyer;  // sorted slots
  std::unordered_map<std::string, uint32_t> component_by_purl;
  std::unordered_map<std::string, std::vector<uint32_t>> components_by_key;  // sorted slots
  size_t component_entries = 0;
  size_t containment_edges = 0;

  uint32_t VersionSlot(int64_t id) const {
    const auto found = version_by_id.find(id);
    return found == version_by_id.end() ? kNone : found->second;
  }
  int64_t IdOf(uint32_t slot) const { return versions.records[slot].id; }
  void InsertById(std::vector<uint32_t>* slots, uint32_t slot) const {
    const auto at = std::lower_bound(slots->begin(), slots->end(), slot,
                                     [this](uint32_t a, uint32_t b) { return IdOf(a) < IdOf(b); });
    if (at == slots->end() || *at != slot) slots->insert(at, slot);
  }
  static void EraseSlot(std::vector<uint32_t>* slots, uint32_t slot) {
    slots->erase(std::remove(slots->begin(), slots->end(), slot), slots->end());
  }

  void DropComponent(uint32_t version, uint32_t component_slot) {
    Component& component = components.records[component_slot];
    EraseSorted(&component.holders, version);
    --component_entries;
    if (!component.holders.empty()) return;
    KeyNode* key = component.key;
    EraseSorted(&key->second, component_slot);
    // Erased through iterators: the keys given would be references into the nodes erased.
    if (key->second.empty()) components_by_key.erase(components_by_key.find(key->first));
    component_by_purl.erase(component_by_purl.find(*component.purl));
    components.Give(component_slot);
  }

  void AddComponent(uint32_t version, const std::string& purl, const std::string& key) {
    auto [at, inserted] = component_by_purl.try_emplace(purl, kNone);
    if (inserted) {
      const uint32_t slot = components.Take();
      at->second = slot;
      KeyNode& node = *components_by_key.try_emplace(key).first;
      InsertSorted(&node.second, slot);
      Component& component = components.records[slot];
      component.purl = &at->first;
      component.key = &node;
      component.parsed = ParseHeld(purl);
    }
    InsertSorted(&components.records[at->second].holders, version);
    InsertSorted(&versions.records[version].components, at->second);
    ++component_entries;
  }

  void DropDelivery(uint32_t slot) {
    const DeliveryFact& fact = deliveries.records[slot];
    const uint32_t version = VersionSlot(fact.product_version);
    if (version != kNone) EraseSorted(&versions.records[version].deliveries, slot);
    const auto buyer = deliveries_by_buyer.find(fact.buyer);
    if (buyer != deliveries_by_buyer.end()) {
      EraseSorted(&buyer->second, slot);
      if (buyer->second.empty()) deliveries_by_buyer.erase(buyer);
    }
    delivery_by_id.erase(fact.id);
    deliveries.Give(slot);
  }

  // What an advisory concerns: each distinct component it affects or cannot tell about,
  // and each version holding one (a source of the walk up), in id order, with the index of
  // its reported component (smallest purl) and of all its hit components.
  struct Hits {
    std::vector<std::pair<uint32_t, RangeMatch>> components;  // (component slot, match)
    struct Source {
      uint32_t version = kNone;
      std::vector<uint32_t> hits;  // indices into components, by purl; hits[0] is reported
    };
    std::vector<Source> sources;  // by version id
  };

  // Fills hits->sources from hits->components: the holders of each, limited by `allowed`.
  template <typename Allowed>
  void GroupByVersion(Hits* hits, const Allowed& allowed) const {
    struct Entry {
      int64_t id;
      uint32_t version, hit;
    };
    std::vector<Entry> entries;
    for (uint32_t i = 0; i < hits->components.size(); ++i) {
      for (const uint32_t holder : components.records[hits->components[i].first].holders) {
        if (allowed(holder)) entries.push_back(Entry{IdOf(holder), holder, i});
      }
    }
    const auto purl_of = [&](uint32_t hit) -> const std::string& {
      return *components.records[hits->components[hit].first].purl;
    };
    std::sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
      if (a.id != b.id) return a.id < b.id;
      return purl_of(a.hit) < purl_of(b.hit);
    });
    for (const Entry& entry : entries) {
      if (hits->sources.empty() || hits->sources.back().version != entry.version) {
        hits->sources.push_back(Hits::Source{entry.version, {}});
      }
      hits->sources.back().hits.push_back(entry.hit);
    }
  }

  // `group`: also fill hits.sources (GroupByVersion).
  Hits Affected(const Advisory& advisory, bool group = true) const {
    Hits hits;
    if (advisory.withdrawn) return hits;
    // Entry keys and orders once per query, not once per component; versions parsed once
    // per thread (ThreadVersionMemo), not once per advisory naming their package.
    const PreparedAdvisory prepared = PrepareAdvisory(advisory, &ThreadVersionMemo());
    std::vector<std::string> keys;
    for (const std::optional<std::string>& key : *prepared.keys) {
      if (key) keys.push_back(*key);
    }
    SortUnique(&keys);
    for (const std::string& key : keys) {
      const auto held = components_by_key.find(key);
      if (held == components_by_key.end()) continue;
      for (const uint32_t component_slot : held->second) {
        const PackageUrl& purl = components.records[component_slot].parsed;
        // Most candidates are outside the ranges: skipped without building any text.
        if (SurelyNotAffected(prepared, key, purl.version)) continue;
        RangeMatch match = MatchPackage(prepared, purl, key);
        if (match.verdict == Verdict::kNotAffected) continue;
        hits.components.emplace_back(component_slot, std::move(match));
      }
    }
    if (group) GroupByVersion(&hits, [](uint32_t) { return true; });
    return hits;
  }

  // Breadth-first walk up through containment from the sources. Gives, per version slot
  // reached, its parent (the next version inward; kNone at a source) and the source it comes
  // from. Walking sources and outers in id order makes the first discovery the shortest path
  // that is smallest from the innermost end (exposure.h, "Paths"). `allowed` limits the walk.
  struct Walk {
    std::vector<uint32_t> order;   // slots reached, in discovery order
    std::vector<uint32_t> parent;  // by slot
    std::vector<uint32_t> origin;  // by slot: index into Hits::sources; kNone: not reached
  };
  // `walk` may be one used before: only the slots it reached are reset, so a buyer's many
  // advisories share one workspace instead of clearing arrays the size of the engine.
  template <typename Allowed>
  void WalkUp(const Hits& hits, const Allowed& allowed, Walk* reused) const {
    Walk& walk = *reused;
    if (walk.origin.size() != versions.records.size()) {
      walk.parent.assign(versions.records.size(), kNone);
      walk.origin.assign(versions.records.size(), kNone);
    } else {
      for (const uint32_t slot : walk.order) walk.parent[slot] = walk.origin[slot] = kNone;
    }
    walk.order.clear();
    for (uint32_t i = 0; i < hits.sources.size(); ++i) {
      const uint32_t slot = hits.sources[i].version;
      if (!allowed(slot) || walk.origin[slot] != kNone) continue;
      walk.origin[slot] = i;
      walk.order.push_back(slot);
    }
    for (size_t next = 0; next < walk.order.size(); ++next) {
      const uint32_t slot = walk.order[next];
      for (const uint32_t outer : versions.records[slot].outers) {
        if (walk.origin[outer] != kNone || !allowed(outer)) continue;
        walk.origin[outer] = walk.origin[slot];
        walk.parent[outer] = slot;
        walk.order.push_back(outer);
      }
    }
  }

  std::vector<int64_t> PathTo(const Walk& walk, uint32_t slot) const {
    std::vector<int64_t> path;
    for (uint32_t at = slot; at != kNone; at = walk.parent[at]) path.push_back(IdOf(at));
    std::reverse(path.begin(), path.end());
    return path;
  }

  // Rows for the deliveries of the versions `walk` reached that `take` accepts, in the
  // order of exposure.h. Sorted as small keys first; the rows are built once, in order.
  template <typename Take>
  std::vector<Exposure> Rows(const Walk& walk, const Hits& hits, const Take& take) const {
    struct Key {
      int64_t buyer, version, supplier, relationship, delivery;
      uint32_t delivery_slot, reached;
    };
    std::vector<Key> keys;
    for (const uint32_t slot : walk.order) {
      for (const uint32_t delivery_slot : versions.records[slot].deliveries) {
        const DeliveryFact& fact = deliveries.records[delivery_slot];
        if (!take(fact)) continue;
        keys.push_back(Key{fact.buyer, fact.product_version, fact.supplier, fact.relationship,
                           fact.id, delivery_slot, slot});
      }
    }
    std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
      return std::tie(a.buyer, a.version, a.supplier, a.relationship, a.delivery) <
             std::tie(b.buyer, b.version, b.supplier, b.relationship, b.delivery);
    });
    std::vector<Exposure> rows;
    rows.reserve(keys.size());
    // One reach per delivered version, shared by its rows.
    std::unordered_map<uint32_t, std::shared_ptr<const ExposureReach>> reaches;
    for (const Key& key : keys) {
      const DeliveryFact& fact = deliveries.records[key.delivery_slot];
      std::shared_ptr<const ExposureReach>& reach = reaches[key.reached];
      if (!reach) {
        const auto& [component, match] =
            hits.components[hits.sources[walk.origin[key.reached]].hits.front()];
        reach = std::make_shared<const ExposureReach>(ExposureReach{
            PathTo(walk, key.reached), *components.records[component].purl, match});
      }
      rows.push_back(Exposure{fact.buyer, fact.product_version, fact.supplier, fact.relationship,
                              fact.id, fact.share_sbom, fact.disclose_matches, reach});
    }
    return rows;
  }
};

ExposureEngine::ExposureEngine() : state_(std::make_unique<State>()) {}
ExposureEngine::~ExposureEngine() = default;

Status ExposureEngine::PutProductVersion(const ProductVersionFact& fact) {
  if (fact.product.size() > kMaxProductTextBytes || fact.version.size() > kMaxProductTextBytes) {
    return Invalid("product " + std::to_string(fact.id) + ": a name or version longer than " +
                       std::to_string(kMaxProductTextBytes) + " bytes",
                   "製品バージョン " + std::to_string(fact.id) + " の名前またはバージョンが " +
                       std::to_string(kMaxProductTextBytes) + " バイトを超えています");
  }
  std::unique_lock lock(mutex_);
  State& s = *state_;
  uint32_t slot = s.VersionSlot(fact.id);
  if (slot == kNone) {
    slot = s.versions.Take();
    s.version_by_id.emplace(fact.id, slot);
  } else if (s.versions.records[slot].owner != fact.owner &&
             !s.versions.records[slot].deliveries.empty()) {
    return MakeError(ErrorKind::kConflict, "product version has deliveries",
                     "納入先のある製品バージョン " + std::to_string(fact.id) +
                         " の所有組織は変えられません / product version " +
                         std::to_string(fact.id) + " has deliveries: its owner cannot change");
  }
  State::Version& version = s.versions.records[slot];
  version.id = fact.id;
  version.owner = fact.owner;
  version.product = fact.product;
  version.version = fact.version;
  return OkStatus();
}

Status ExposureEngine::RemoveProductVersion(int64_t id) {
  std::unique_lock lock(mutex_);
  State& s = *state_;
  const uint32_t slot = s.VersionSlot(id);
  if (slot == kNone) return OkStatus();
  State::Version& version = s.versions.records[slot];
  for (const uint32_t component : std::vector<uint32_t>(version.components)) {
    s.DropComponent(slot, component);
  }
  for (const uint32_t delivery : std::vector<uint32_t>(version.deliveries))
    s.DropDelivery(delivery);
  for (const uint32_t outer : version.outers)
    State::EraseSlot(&s.versions.records[outer].inners, slot);
  for (const uint32_t inner : version.inners)
    State::EraseSlot(&s.versions.records[inner].outers, slot);
  s.containment_edges -= version.outers.size() + version.inners.size();
  s.version_by_id.erase(id);
  s.versions.Give(slot);
  return OkStatus();
}

Result<ComponentChange> ExposureEngine::SetComponents(int64_t product_version,
                                                      std::span<const PackageUrl> components) {
  if (components.size() > kMaxComponentsPerVersion) {
    return Invalid("product version " + std::to_string(product_version) + ": more than " +
                       std::to_string(kMaxComponentsPerVersion) + " components",
                   "製品バージョン " + std::to_string(product_version) + " の部品が上限 " +
                       std::to_string(kMaxComponentsPerVersion) + " 件を超えています");
  }
  // Canonical strings and keys are worked out before the lock is taken.
  std::vector<std::pair<std::string, std::string>> wanted;  // (purl, key), sorted by purl
  wanted.reserve(components.size());
  for (const PackageUrl& purl : components) wanted.emplace_back(ToString(purl), PackageKey(purl));
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());

  ComponentChange change;
  std::unique_lock lock(mutex_);
  State& s = *state_;
  const uint32_t slot = s.VersionSlot(product_version);
  if (slot == kNone) return UnknownVersion(product_version);
  std::vector<std::string> held;
  for (const uint32_t component : s.versions.records[slot].components) {
    held.push_back(*s.components.records[component].purl);
  }
  std::sort(held.begin(), held.end());
  size_t i = 0;
  size_t j = 0;
  while (i < held.size() || j < wanted.size()) {
    if (j == wanted.size() || (i < held.size() && held[i] < wanted[j].first)) {
      const uint32_t component = s.component_by_purl.at(held[i]);
      change.touched_keys.push_back(s.components.records[component].key->first);
      change.removed.push_back(held[i]);
      s.DropComponent(slot, component);
      EraseSorted(&s.versions.records[slot].components, component);
      ++i;
    } else if (i == held.size() || wanted[j].first < held[i]) {
      s.AddComponent(slot, wanted[j].first, wanted[j].second);
      change.touched_keys.push_back(wanted[j].second);
      change.added.push_back(wanted[j].first);
      ++j;
    } else {
      ++i;
      ++j;
    }
  }
  lock.unlock();
  SortUnique(&change.touched_keys);
  return change;
}

Status ExposureEngine::PutDelivery(const DeliveryFact& fact) {
  std::unique_lock lock(mutex_);
  State& s = *state_;
  const uint32_t version = s.VersionSlot(fact.product_version);
  if (version == kNone) return UnknownVersion(fact.product_version);
  if (s.versions.records[version].owner != fact.supplier) {
    return Invalid("delivery " + std::to_string(fact.id) + ": the supplier " +
                       std::to_string(fact.supplier) + " does not own product version " +
                       std::to_string(fact.product_version),
                   "納入 " + std::to_string(fact.id) + " の供給元 " +
                       std::to_string(fact.supplier) + " は製品バージョン " +
                       std::to_string(fact.product_version) + " の所有組織ではありません");
  }
  if (const auto old = s.delivery_by_id.find(fact.id); old != s.delivery_by_id.end()) {
    s.DropDelivery(old->second);
  }
  const uint32_t slot = s.deliveries.Take();
  s.deliveries.records[slot] = fact;
  s.delivery_by_id.emplace(fact.id, slot);
  InsertSorted(&s.versions.records[version].deliveries, slot);
  InsertSorted(&s.deliveries_by_buyer[fact.buyer], slot);
  return OkStatus();
}

Status ExposureEngine::RemoveDelivery(int64_t id) {
  std::unique_lock lock(mutex_);
  State& s = *state_;
  if (const auto found = s.delivery_by_id.find(id); found != s.delivery_by_id.end()) {
    s.DropDelivery(found->second);
  }
  return OkStatus();
}

Status ExposureEngine::PutContainment(int64_t outer, int64_t inner) {
  if (outer == inner) {
    return Invalid("product version " + std::to_string(outer) + " cannot contain itself",
                   "製品バージョン " + std::to_string(outer) + " は自分自身を含められません");
  }
  std::unique_lock lock(mutex_);
  State& s = *state_;
  const uint32_t outer_slot = s.VersionSlot(outer);
  if (outer_slot == kNone) return UnknownVersion(outer);
  const uint32_t inner_slot = s.VersionSlot(inner);
  if (inner_slot == kNone) return UnknownVersion(inner);
  std::vector<uint32_t>& outers = s.versions.records[inner_slot].outers;
  if (std::find(outers.begin(), outers.end(), outer_slot) != outers.end()) return OkStatus();
  s.InsertById(&outers, outer_slot);
  s.InsertById(&s.versions.records[outer_slot].inners, inner_slot);
  ++s.containment_edges;
  return OkStatus();
}

Status ExposureEngine::RemoveContainment(int64_t outer, int64_t inner) {
  std::unique_lock lock(mutex_);
  State& s = *state_;
  const uint32_t outer_slot = s.VersionSlot(outer);
  const uint32_t inner_slot = s.VersionSlot(inner);
  if (outer_slot == kNone || inner_slot == kNone) return OkStatus();
  std::vector<uint32_t>& outers = s.versions.records[inner_slot].outers;
  if (std::find(outers.begin(), outers.end(), outer_slot) == outers.end()) return OkStatus();
  State::EraseSlot(&outers, outer_slot);
  State::EraseSlot(&s.versions.records[outer_slot].inners, inner_slot);
  --s.containment_edges;
  return OkStatus();
}

std::vector<AffectedVersion> ExposureEngine::AffectedVersions(const Advisory& advisory) const {
  std::shared_lock lock(mutex_);
  const State& s = *state_;
  const State::Hits hits = s.Affected(advisory);
  std::vector<AffectedVersion> out;
  out.reserve(hits.sources.size());
  for (const State::Hits::Source& source : hits.sources) {
    const State::Version& version = s.versions.records[source.version];
    AffectedVersion row{version.id, version.owner, {}};
    for (const uint32_t hit : source.hits) {
      const auto& [component, match] = hits.components[hit];
      row.components.push_back(AffectedComponent{*s.components.records[component].purl, match});
    }
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<ComponentHit> ExposureEngine::AffectedComponents(const Advisory& advisory) const {
  std::shared_lock lock(mutex_);
  const State& s = *state_;
  State::Hits hits = s.Affected(advisory, /*group=*/false);
  std::vector<ComponentHit> out;
  out.reserve(hits.components.size());
  for (auto& [component_slot, match] : hits.components) {
    const State::Component& component = s.components.records[component_slot];
    ComponentHit hit{*component.purl, std::move(match), {}};
    hit.product_versions.reserve(component.holders.size());
    for (const uint32_t holder : component.holders) hit.product_versions.push_back(s.IdOf(holder));
    std::sort(hit.product_versions.begin(), hit.product_versions.end());
    out.push_back(std::move(hit));
  }
  std::sort(out.begin(), out.end(),
            [](const ComponentHit& a, const ComponentHit& b) { return a.purl < b.purl; });
  return out;
}

std::vector<Exposure> ExposureEngine::Exposures(const Advisory& advisory) const {
  std::shared_lock lock(mutex_);
  const auto everywhere = [](uint32_t) { return true; };
  const State::Hits hits = state_->Affected(advisory);
  State::Walk walk;
  state_->WalkUp(hits, everywhere, &walk);
  return state_->Rows(walk, hits, [](const DeliveryFact& fact) { return fact.disclose_matches; });
}

std::vector<Exposure> ExposureEngine::CustomersToTell(int64_t supplier,
                                                      const Advisory& advisory) const {
  std::shared_lock lock(mutex_);
  const auto everywhere = [](uint32_t) { return true; };
  const State::Hits hits = state_->Affected(advisory);
  State::Walk walk;
  state_->WalkUp(hits, everywhere, &walk);
  return state_->Rows(walk, hits,
                      [supplier](const DeliveryFact& fact) { return fact.supplier == supplier; });
}

std::vector<BuyerExposure> ExposureEngine::ExposuresOfBuyer(int64_t buyer,
                                                            const AdvisoryIndex& index) const {
  std::shared_lock lock(mutex_);
  const State& s = *state_;
  const auto delivered = s.deliveries_by_buyer.find(buyer);
  if (delivered == s.deliveries_by_buyer.end()) return {};
  // Every version the buyer's disclosed deliveries carry, and everything they contain.
  std::unordered_set<uint32_t> closure;
  std::vector<uint32_t> stack;
  for (const uint32_t slot : delivered->second) {
    const DeliveryFact& fact = s.deliveries.records[slot];
    if (!fact.disclose_matches) continue;
    const uint32_t version = s.VersionSlot(fact.product_version);
    if (closure.insert(version).second) stack.push_back(version);
  }
  while (!stack.empty()) {
    const uint32_t slot = stack.back();
    stack.pop_back();
    for (const uint32_t inner : s.versions.records[slot].inners) {
      if (closure.insert(inner).second) stack.push_back(inner);
    }
  }
  // Match each distinct component once; group the hits by advisory.
  std::vector<uint32_t> component_slots;
  for (const uint32_t slot : closure) {
    const auto& held = s.versions.records[slot].components;
    component_slots.insert(component_slots.end(), held.begin(), held.end());
  }
  std::sort(component_slots.begin(), component_slots.end());
  component_slots.erase(std::unique(component_slots.begin(), component_slots.end()),
                        component_slots.end());
  std::unordered_map<std::string, State::Hits> by_advisory;
  for (const uint32_t component_slot : component_slots) {
    for (AdvisoryHit& hit : index.Match(s.components.records[component_slot].parsed)) {
      by_advisory[hit.advisory->id].components.emplace_back(component_slot, std::move(hit.match));
    }
  }
  std::vector<std::string> ids;
  for (const auto& [id, hits] : by_advisory) ids.push_back(id);
  std::sort(ids.begin(), ids.end());

  // Inside the closure the walk finds the same paths as over everything: every path up to a
  // version the buyer receives runs through versions that version contains.
  const auto inside = [&closure](uint32_t slot) { return closure.count(slot) > 0; };
  std::vector<BuyerExposure> out;
  State::Walk walk;
  for (const std::string& id : ids) {
    State::Hits& hits = by_advisory.at(id);
    s.GroupByVersion(&hits, inside);
    s.WalkUp(hits, inside, &walk);
    for (Exposure& row : s.Rows(walk, hits, [buyer](const DeliveryFact& fact) {
           return fact.buyer == buyer && fact.disclose_matches;
         })) {
      out.push_back(BuyerExposure{id, std::move(row)});
    }
  }
  return out;
}

std::vector<VersionHit> ExposureEngine::NewlyAffecting(int64_t product_version,
                                                       const ComponentChange& change,
                                                       const AdvisoryIndex& index) const {
  std::vector<std::string> added;
  std::vector<std::string> before = change.removed;
  {
    std::shared_lock lock(mutex_);
    const State& s = *state_;
    const uint32_t slot = s.VersionSlot(product_version);
    if (slot == kNone) return {};
    for (const uint32_t component : s.versions.records[slot].components) {
      const std::string& purl = *s.components.records[component].purl;
      if (std::binary_search(change.added.begin(), change.added.end(), purl)) {
        added.push_back(purl);
      } else {
        before.push_back(purl);
      }
    }
  }
  // The index has its own lock; the purls are copies.
  std::unordered_set<std::string> concerned_before;
  for (const std::string& purl : before) {
    for (const AdvisoryHit& hit : index.Match(ParseHeld(purl))) {
      concerned_before.insert(hit.advisory->id);
    }
  }
  std::vector<VersionHit> out;
  for (const std::string& purl : added) {
    for (AdvisoryHit& hit : index.Match(ParseHeld(purl))) {
      if (concerned_before.count(hit.advisory->id)) continue;
      out.push_back(VersionHit{hit.advisory->id, purl, std::move(hit.match)});
    }
  }
  std::sort(out.begin(), out.end(), [](const VersionHit& a, const VersionHit& b) {
    return std::tie(a.advisory_id, a.component) < std::tie(b.advisory_id, b.component);
  });
  return out;
}

std::vector<std::string> ExposureEngine::ComponentsOf(int64_t product_version) const {
  std::shared_lock lock(mutex_);
  const State& s = *state_;
  const uint32_t slot = s.VersionSlot(product_version);
  if (slot == kNone) return {};
  std::vector<std::string> out;
  for (const uint32_t component : s.versions.records[slot].components) {
    out.push_back(*s.components.records[component].purl);
  }
  std::sort(out.begin(), out.end());
  return out;
}

ExposureStats ExposureEngine::Stats() const {
  std::shared_lock lock(mutex_);
  const State& s = *state_;
  ExposureStats stats;
  stats.product_versions = s.version_by_id.size();
  stats.component_entries = s.component_entries;
  stats.distinct_components = s.component_by_purl.size();
  stats.package_keys = s.components_by_key.size();
  stats.deliveries = s.delivery_by_id.size();
  stats.containment_edges = s.containment_edges;
  return stats;
}

}  // namespace hoshitori::sbom
