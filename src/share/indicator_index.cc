#include "share/indicator_index.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace hoshitori::share {
namespace {

uint64_t LoadBigEndian(const uint8_t* bytes) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = value << 8 | bytes[i];
  return value;
}

// splitmix64's finaliser.
uint64_t Mix(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// The host bits of a prefix within one 64-bit half that starts at bit `start`.
uint64_t HostBits(int prefix, int start) {
  const int network = std::clamp(prefix - start, 0, 64);
  return network == 64 ? 0 : ~uint64_t{0} >> network;
}

// The largest number of buckets one query walks; a wider query walks the ordered map.
constexpr int kMaxBucketBits = 8;

// Scratch space of Correlate on this thread: which entries the current call offered already
// (marked with the call's number, so nothing needs clearing), and TLP verdicts per reader and
// object, kept while the same index's objects do not change: each reader judges each object
// once, not once per candidate. Verdicts take two bits per reader and object (judged, may
// read), so that one reader's verdicts stay in a few cache lines while a query checks dozens
// of objects; past kMaxVerdictBytes they are all dropped and judged again. Correlate is const
// and may run on several threads at once, hence one scratch per thread.
constexpr size_t kMaxVerdictBytes = size_t{64} << 20;

// One reader's verdicts: per object, bit 2k says "judged" and bit 2k + 1 "may read".
class Verdicts {
 public:
  static constexpr size_t kObjectsPerWord = 32;

  size_t bytes() const { return words_.size() * sizeof(uint64_t); }
  void Fit(size_t objects) { words_.resize((objects + kObjectsPerWord - 1) / kObjectsPerWord, 0); }

  // True when the reader may read `object`; `judge()` decides the first time.
  template <typename Judge>
  bool MayRead(uint32_t object, Judge judge) {
    uint64_t& word = words_[object / kObjectsPerWord];
    const unsigned shift = 2 * (object % kObjectsPerWord);
    uint64_t verdict = (word >> shift) & 3;
    if (verdict == 0) {
      verdict = judge() ? 3 : 1;
      word |= verdict << shift;
    }
    return verdict == 3;
  }

 private:
  std::vector<uint64_t> words_;
};

struct CorrelateScratch {
  struct ReaderVerdicts {
    Reader reader;
    Verdicts verdicts;
  };
  uint32_t call = 0;
  uint64_t index = 0, objects_version = 0;
  std::string key;  // the query's exact key, kept to save an allocation per call
  std::vector<IndicatorMatch> matches;
  std::vector<uint32_t> entry_seen;  // the call that offered it
  std::unordered_map<uint64_t, std::vector<ReaderVerdicts>> by_person;
  size_t verdict_bytes = 0;

  // The verdicts of `reader` for this call, sized for `objects`.
  Verdicts& Begin(uint64_t index_in, uint64_t version, const Reader& reader, size_t entries,
                  size_t objects) {
    if (++call == 0) {
      std::fill(entry_seen.begin(), entry_seen.end(), 0);
      call = 1;
    }
    if (entry_seen.size() < entries) entry_seen.resize(entries, 0);
    if (index != index_in || objects_version != version || verdict_bytes > kMaxVerdictBytes) {
      by_person.clear();
      verdict_bytes = 0;
      index = index_in;
      objects_version = version;
    }
    const uint64_t key = static_cast<uint64_t>(reader.org) * 0x9E3779B97F4A7C15ull ^
                         static_cast<uint64_t>(reader.person);
    std::vector<ReaderVerdicts>& same_key = by_person[key];
    Verdicts* verdicts = nullptr;
    for (ReaderVerdicts& known : same_key) {
      const Reader& r = known.reader;
      if (r.org == reader.org && r.person == reader.person && r.groups == reader.groups &&
          r.client_of == reader.client_of) {
        verdicts = &known.verdicts;
        break;
      }
    }
    if (verdicts == nullptr) verdicts = &same_key.emplace_back(ReaderVerdicts{reader, {}}).verdicts;
    verdict_bytes -= verdicts->bytes();
    verdicts->Fit(objects);
    verdict_bytes += verdicts->bytes();
    return *verdicts;
  }
};

std::atomic<uint64_t> next_instance{1};

thread_local CorrelateScratch scratch;

}  // namespace

IndicatorIndex::Key IndicatorIndex::KeyOf(const Address& address) {
  return Key{LoadBigEndian(address.data()), LoadBigEndian(address.data() + 8)};
}

IndicatorIndex::Key IndicatorIndex::Masked(const Key& key, int prefix) {
  return Key{key.high & ~HostBits(prefix, 0), key.low & ~HostBits(prefix, 64)};
}

namespace {

bool IsV4Mapped(uint64_t high, uint64_t low) { return high == 0 && (low >> 32) == 0xFFFF; }

}  // namespace

int IndicatorIndex::BucketPrefix(const Key& key) {
  return IsV4Mapped(key.high, key.low) ? 96 + 24 : 64;
}

int IndicatorIndex::GroupPrefix(const Key& key) {
  return IsV4Mapped(key.high, key.low) ? 96 + 16 : 48;
}

// IPv4-mapped addresses share their high half and masked ranges end in zero bits, so the halves
// must be mixed, not just combined.
size_t IndicatorIndex::Hash(const Key& key, int prefix) {
  return static_cast<size_t>(
      Mix(key.high ^ Mix(key.low ^ static_cast<uint64_t>(prefix) * 0x9E3779B97F4A7C15ull)));
}

template <typename Value>
const Value* IndicatorIndex::AddressTable<Value>::Find(const Key& key, int prefix) const {
  if (slots_.empty()) return nullptr;
  const size_t mask = slots_.size() - 1;
  const uint32_t tag = static_cast<uint32_t>(prefix) + 1;
  for (size_t i = Hash(key, prefix) & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.prefix_plus_one == 0) return nullptr;
    if (slot.prefix_plus_one == tag && slot.key == key) return &slot.value;
  }
}

template <typename Value>
Value& IndicatorIndex::AddressTable<Value>::FindOrAdd(const Key& key, int prefix) {
  if ((used_ + 1) * 2 > slots_.size()) Grow();
  const size_t mask = slots_.size() - 1;
  const uint32_t tag = static_cast<uint32_t>(prefix) + 1;
  for (size_t i = Hash(key, prefix) & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.prefix_plus_one == tag && slot.key == key) return slot.value;
    if (slot.prefix_plus_one == 0) {
      slot.key = key;
      slot.prefix_plus_one = tag;
      ++used_;
      return slot.value;
    }
  }
}

template <typename Value>
void IndicatorIndex::AddressTable<Value>::Grow() {
  std::vector<Slot> old(std::max<size_t>(16, slots_.size() * 2));
  old.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (Slot& slot : old) {
    if (slot.prefix_plus_one == 0) continue;
    size_t i = Hash(slot.key, static_cast<int>(slot.prefix_plus_one) - 1) & mask;
    while (slots_[i].prefix_plus_one != 0) i = (i + 1) & mask;
    slots_[i] = std::move(slot);
  }
}

void IndicatorIndex::StringTable::Reserve(size_t strings) {
  size_t slots = 16;
  while (slots < strings * 2) slots *= 2;
  if (slots > slots_.size()) Grow(slots);
}

template <typename NameOf>
uint32_t IndicatorIndex::StringTable::Find(std::string_view text, NameOf name_of) const {
  if (slots_.empty()) return kNone;
  const uint64_t hash = std::hash<std::string_view>{}(text);
  const size_t mask = slots_.size() - 1;
  for (size_t i = Mix(hash) & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.number == kNone) return kNone;
    if (slot.hash == hash && name_of(slot.number) == text) return slot.number;
  }
}

template <typename NameOf, typename Make>
uint32_t IndicatorIndex::StringTable::FindOrAdd(std::string_view text, NameOf name_of, Make make) {
  if ((used_ + 1) * 2 > slots_.size()) Grow(std::max<size_t>(16, slots_.size() * 2));
  const uint64_t hash = std::hash<std::string_view>{}(text);
  const size_t mask = slots_.size() - 1;
  for (size_t i = Mix(hash) & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.number == kNone) {
      slot = Slot{hash, make()};
      ++used_;
      return slot.number;
    }
    if (slot.hash == hash && name_of(slot.number) == text) return slot.number;
  }
}

void IndicatorIndex::StringTable::Grow(size_t slots) {
  std::vector<Slot> old(slots);
  old.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.number == kNone) continue;
    size_t i = Mix(slot.hash) & mask;
    while (slots_[i].number != kNone) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

std::string_view MatchKindName(MatchKind kind) {
  switch (kind) {
    case MatchKind::kExact:
      return "exact";
    case MatchKind::kRangeContains:
      return "range-contains";
    case MatchKind::kWithinRange:
      return "within-range";
    case MatchKind::kSameRegisteredDomain:
      return "same-registered-domain";
  }
  return "unknown";
}

IndicatorIndex::IndicatorIndex(const PublicSuffixList* suffixes)
    : suffixes_(suffixes), instance_(next_instance.fetch_add(1)) {}

void IndicatorIndex::Reserve(size_t indicators) {
  // A store rebuilding the index asks for a little more room per chunk it reads: growing at
  // least twofold keeps that from copying every indicator once per chunk.
  auto reserve = [](auto& vector, size_t size) {
    if (size > vector.capacity()) vector.reserve(std::max(size, vector.capacity() * 2));
  };
  reserve(values_, indicators);
  reserve(lists_, indicators);
  exact_.Reserve(indicators);
  domains_.Reserve(indicators / 2);
}

void IndicatorIndex::PutObject(ObjectId id, SharedObject object) {
  if (id >= objects_.size()) {
    objects_.resize(id + 1);
    object_present_.resize(id + 1, false);
  }
  objects_[id] = std::move(object);
  object_present_[id] = true;
  ++objects_version_;
}

void IndicatorIndex::ExactKey(const Indicator& indicator, std::string& key) {
  key.clear();
  key.reserve(indicator.value.size() + 1);
  key.push_back(static_cast<char>('a' + static_cast<int>(indicator.kind)));
  key += indicator.value;
}

uint32_t IndicatorIndex::NewList() {
  lists_.emplace_back();
  return static_cast<uint32_t>(lists_.size() - 1);
}

std::string_view IndicatorIndex::DomainKey(const Indicator& indicator) const {
  if (indicator.host.empty()) return {};
  return RegisteredDomainOf(indicator.host, suffixes_);
}

IndicatorId IndicatorIndex::Add(const Indicator& indicator, ObjectId object) {
  const IndicatorId id = static_cast<IndicatorId>(values_.size());
  const Posting posting{id, object};
  std::string value;
  ExactKey(indicator, value);
  // Every list in exact_ holds an indicator already, whose value names it.
  auto exact_name = [this](uint32_t list) -> std::string_view {
    return values_[lists_[list][0].id];
  };
  lists_[exact_.FindOrAdd(value, exact_name, [this] { return NewList(); })].push_back(posting);
  if (std::string_view domain = DomainKey(indicator); !domain.empty()) {
    const uint32_t number = domains_.FindOrAdd(
        domain, [this](uint32_t n) -> std::string_view { return domain_names_[n]; },
        [&] {
          domain_names_.emplace_back(domain);
          domain_lists_.emplace_back();
          return static_cast<uint32_t>(domain_names_.size() - 1);
        });
    domain_lists_[number].push_back(posting);
  }
  if (indicator.has_range) {
    const int prefix = indicator.range.prefix;
    const Key first = KeyOf(indicator.range.address);
    const bool v4 = prefix >= 96 && IsV4Mapped(first.high, first.low);
    std::vector<int>& prefixes = v4 ? v4_prefixes_ : other_prefixes_;
    bool& present = (v4 ? v4_prefix_present_ : other_prefix_present_)[prefix];
    if (!present) {
      present = true;
      prefixes.insert(std::lower_bound(prefixes.begin(), prefixes.end(), prefix), prefix);
    }
    ranges_.FindOrAdd(first, prefix).push_back(posting);
    const int level = BucketPrefix(first);
    const Key bucket_key = Masked(first, level);
    std::vector<Placed>& bucket = buckets_.FindOrAdd(bucket_key, level);
    if (bucket.empty()) bucket_groups_[Masked(first, GroupPrefix(first))].push_back(bucket_key);
    bucket.push_back(Placed{first, id, object, prefix});
  }
  values_.push_back(std::move(value));
  return id;
}

std::vector<IndicatorMatch> IndicatorIndex::Correlate(const Indicator& indicator,
                                                      const Reader& reader,
                                                      size_t max_matches) const {
  // Gathered in this thread's buffer, which keeps its capacity, and returned at their size: one
  // allocation per call instead of a growing vector's many.
  std::vector<IndicatorMatch>& matches = scratch.matches;
  matches.clear();
  Verdicts& verdicts =
      scratch.Begin(instance_, objects_version_, reader, values_.size(), objects_.size());
  const uint32_t call = scratch.call;
  auto readable = [&](ObjectId object) {
    if (object >= objects_.size()) return false;
    return verdicts.MayRead(
        object, [&] { return object_present_[object] && MayRead(reader, objects_[object]); });
  };
  auto full = [&] { return matches.size() >= max_matches; };
  // Each posting list holds an entry once, and the lists walked below overlap only where an
  // exact match can appear again (a range of the query's own prefix, a registered domain), so
  // only there is an entry checked against those already offered; the lists are walked newest
  // first.
  bool offered_exact = false;
  auto offer = [&](const Posting& posting, MatchKind kind, bool may_repeat) {
    if (may_repeat && offered_exact && scratch.entry_seen[posting.id] == call) return;
    if (readable(posting.object)) {
      matches.push_back(IndicatorMatch{posting.id, posting.object, kind});
    }
  };
  ExactKey(indicator, scratch.key);
  const uint32_t exact = exact_.Find(scratch.key, [this](uint32_t list) -> std::string_view {
    return values_[lists_[list][0].id];  // as in Add
  });
  if (exact != kNone) {
    const std::vector<Posting>& postings = lists_[exact];
    for (auto it = postings.rbegin(); it != postings.rend() && !full(); ++it) {
      if (!readable(it->object)) continue;
      scratch.entry_seen[it->id] = call;
      offered_exact = true;
      matches.push_back(IndicatorMatch{it->id, it->object, MatchKind::kExact});
    }
  }
  if (indicator.has_range) {
    const IpRange& range = indicator.range;
    const Key query = KeyOf(range.address);
    // Indexed ranges holding the query: an IPv4 query may lie in IPv4 ranges and in IPv6
    // ranges shorter than /96; an IPv6 query lies only in IPv6 ranges.
    const bool v4 = range.prefix >= 96 && IsV4Mapped(query.high, query.low);
    auto holding = [&](const std::vector<int>& prefixes, int below) {
      for (int prefix : prefixes) {
        if (prefix > range.prefix || prefix >= below) break;
        const std::vector<Posting>* postings = ranges_.Find(Masked(query, prefix), prefix);
        if (postings == nullptr) continue;
        const bool same = prefix == range.prefix;
        const MatchKind kind = same ? MatchKind::kExact : MatchKind::kRangeContains;
        for (auto it = postings->rbegin(); it != postings->rend() && !full(); ++it) {
          offer(*it, kind, same);
        }
      }
    };
    if (v4) holding(v4_prefixes_, 129);
    holding(other_prefixes_, v4 ? 96 : 129);
    if (range.prefix < 128 && !full()) {
      // Indexed addresses and smaller ranges inside the queried range: never an exact match
      // (a longer prefix) nor a holding range (a shorter one).
      const Key last{query.high | HostBits(range.prefix, 0),
                     query.low | HostBits(range.prefix, 64)};
      const int level = v4 ? 96 + 24 : 64;
      // A non-IPv4 query whose first 64 bits are zero might hold IPv4-mapped addresses, which
      // sit in buckets of another level: the ordered map answers it.
      const bool clear_of_v4 = v4 || query.high != 0;
      auto within = [&](const std::vector<Placed>* bucket, bool whole) {
        if (bucket == nullptr) return;
        for (const Placed& placed : *bucket) {
          if (full()) return;
          if (placed.prefix > range.prefix &&
              (whole || (placed.first >= query && placed.first <= last))) {
            offer(Posting{placed.id, placed.object}, MatchKind::kWithinRange, false);
          }
        }
      };
      if (clear_of_v4 && range.prefix >= level) {
        within(buckets_.Find(Masked(query, level), level), false);
      } else if (clear_of_v4 && range.prefix >= level - kMaxBucketBits) {
        // The bits between the query's prefix and the bucket prefix: the last bits of the
        // bucket's half.
        const int shift = level > 64 ? 128 - level : 64 - level;
        const uint64_t count = uint64_t{1} << (level - range.prefix);
        for (uint64_t i = 0; i < count && !full(); ++i) {
          Key bucket = query;
          (level > 64 ? bucket.low : bucket.high) |= i << shift;
          within(buckets_.Find(bucket, level), true);
        }
      } else {
        // A group's key is its addresses masked to /48 or /16 (of IPv4), so the first group
        // that may hold an address at or after the query's first one is at or after the query
        // masked to /48, the shorter of the two.
        for (auto group = bucket_groups_.lower_bound(Masked(query, 48));
             group != bucket_groups_.end() && group->first <= last && !full(); ++group) {
          for (const Key& bucket : group->second) {
            within(buckets_.Find(bucket, BucketPrefix(bucket)), false);
          }
        }
      }
    }
  }
  if (std::string_view domain = DomainKey(indicator); !domain.empty()) {
    const uint32_t number =
        domains_.Find(domain, [this](uint32_t n) -> std::string_view { return domain_names_[n]; });
    if (number != kNone) {
      const std::vector<Posting>& postings = domain_lists_[number];
      for (auto it = postings.rbegin(); it != postings.rend() && !full(); ++it) {
        offer(*it, MatchKind::kSameRegisteredDomain, true);
      }
    }
  }
  return std::vector<IndicatorMatch>(matches.begin(), matches.end());
}

}  // namespace hoshitori::share
