#include "share/indicator_index.h"

#include <algorithm>
#include <atomic>
#include <cstring>

namespace hoshitori::share {
namespace {

std::array<uint8_t, 16> Masked(const std::array<uint8_t, 16>& address, int prefix) {
  std::array<uint8_t, 16> masked{};
  const int whole = prefix / 8;
  std::memcpy(masked.data(), address.data(), static_cast<size_t>(whole));
  if (whole < 16 && prefix % 8 != 0) {
    masked[whole] = address[whole] & static_cast<uint8_t>(0xFF00u >> (prefix % 8));
  }
  return masked;
}

// The last address of a range.
std::array<uint8_t, 16> Last(const IpRange& range) {
  std::array<uint8_t, 16> last = range.address;
  for (int bit = range.prefix; bit < 128; ++bit) {
    last[bit / 8] |= static_cast<uint8_t>(0x80u >> (bit % 8));
  }
  return last;
}

bool IsV4Mapped(const std::array<uint8_t, 16>& address) {
  for (int byte = 0; byte < 10; ++byte) {
    if (address[byte] != 0) return false;
  }
  return address[10] == 0xFF && address[11] == 0xFF;
}

// The largest number of buckets one query walks; a wider query walks the ordered map.
constexpr int kMaxBucketBits = 8;

// Scratch space of Correlate on this thread: which entries the current call offered already
// (marked with the call's number, so nothing needs clearing), and TLP verdicts per reader and
// object, kept while the same index's objects do not change: each reader judges each object
// once, not once per candidate. Verdicts take one byte per reader and object; past
// kMaxVerdictBytes they are all dropped and judged again. Correlate is const and may run on
// several threads at once, hence one scratch per thread.
constexpr size_t kMaxVerdictBytes = size_t{64} << 20;

struct CorrelateScratch {
  struct ReaderVerdicts {
    Reader reader;
    std::vector<uint8_t> verdict;  // per object: 0 not judged, 1 may not read, 2 may read
  };
  uint32_t call = 0;
  uint64_t index = 0, objects_version = 0;
  std::vector<uint32_t> entry_seen;  // the call that offered it
  std::unordered_map<uint64_t, std::vector<ReaderVerdicts>> by_person;
  size_t verdict_bytes = 0;

  // The verdicts of `reader` for this call, sized for `objects`.
  std::vector<uint8_t>& Begin(uint64_t index_in, uint64_t version, const Reader& reader,
                              size_t entries, size_t objects) {
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
    for (ReaderVerdicts& known : same_key) {
      const Reader& r = known.reader;
      if (r.org == reader.org && r.person == reader.person && r.groups == reader.groups &&
          r.client_of == reader.client_of) {
        if (known.verdict.size() < objects) {
          verdict_bytes += objects - known.verdict.size();
          known.verdict.resize(objects, 0);
        }
        return known.verdict;
      }
    }
    same_key.push_back(ReaderVerdicts{reader, std::vector<uint8_t>(objects, 0)});
    verdict_bytes += objects;
    return same_key.back().verdict;
  }
};

std::atomic<uint64_t> next_instance{1};

thread_local CorrelateScratch scratch;

}  // namespace

int IndicatorIndex::BucketPrefix(const Address& address) {
  return IsV4Mapped(address) ? 96 + 24 : 64;
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

size_t IndicatorIndex::AddressHash::operator()(const Address& address) const {
  uint64_t high, low;
  std::memcpy(&high, address.data(), 8);
  std::memcpy(&low, address.data() + 8, 8);
  // splitmix64's finaliser over both halves: IPv4-mapped addresses share their high half and
  // masked ranges end in zero bits, so the halves must be mixed, not just combined.
  uint64_t x = high ^ (low * 0x9E3779B97F4A7C15ull);
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return static_cast<size_t>(x ^ (x >> 31));
}

IndicatorIndex::IndicatorIndex(const PublicSuffixList* suffixes)
    : suffixes_(suffixes), instance_(next_instance.fetch_add(1)) {}

void IndicatorIndex::Reserve(size_t indicators) {
  entries_.reserve(indicators);
  exact_.reserve(indicators);
  domains_.reserve(indicators / 2);
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

std::string IndicatorIndex::ExactKey(const Indicator& indicator) {
  std::string key;
  key.reserve(indicator.value.size() + 1);
  key.push_back(static_cast<char>('a' + static_cast<int>(indicator.kind)));
  key += indicator.value;
  return key;
}

std::string_view IndicatorIndex::DomainKey(const Indicator& indicator) const {
  if (indicator.host.empty()) return {};
  return RegisteredDomainOf(indicator.host, suffixes_);
}

IndicatorId IndicatorIndex::Add(const Indicator& indicator, ObjectId object) {
  IndicatorId id = static_cast<IndicatorId>(entries_.size());
  Entry entry{ExactKey(indicator), object, indicator.has_range ? indicator.range.prefix : -1};
  auto [exact, fresh] = exact_.try_emplace(entry.value, id);
  if (!fresh) {
    entry.next_exact = exact->second;
    exact->second = id;
  }
  if (std::string_view domain = DomainKey(indicator); !domain.empty()) {
    auto found = domains_.find(domain);
    if (found == domains_.end()) {
      domains_.emplace(std::string(domain), id);
    } else {
      entry.next_domain = found->second;
      found->second = id;
    }
  }
  if (indicator.has_range) {
    int prefix = indicator.range.prefix;
    const bool v4 = prefix >= 96 && IsV4Mapped(indicator.range.address);
    std::vector<int>& prefixes = v4 ? v4_prefixes_ : other_prefixes_;
    bool& present = (v4 ? v4_prefix_present_ : other_prefix_present_)[prefix];
    if (!present) {
      present = true;
      prefixes.insert(std::lower_bound(prefixes.begin(), prefixes.end(), prefix), prefix);
    }
    auto [range, first] = ranges_[prefix].try_emplace(indicator.range.address, id);
    if (!first) {
      entry.next_range = range->second;
      range->second = id;
    }
    const Address& first_address = indicator.range.address;
    buckets_[Masked(first_address, BucketPrefix(first_address))].push_back(
        Placed{first_address, id, object, prefix});
    auto [address, first_here] = by_address_.try_emplace(first_address, id);
    if (!first_here) {
      entry.next_address = address->second;
      address->second = id;
    }
  }
  entries_.push_back(std::move(entry));
  return id;
}

std::vector<IndicatorMatch> IndicatorIndex::Correlate(const Indicator& indicator,
                                                      const Reader& reader,
                                                      size_t max_matches) const {
  std::vector<IndicatorMatch> matches;
  std::vector<uint8_t>& verdict =
      scratch.Begin(instance_, objects_version_, reader, entries_.size(), objects_.size());
  const uint32_t call = scratch.call;
  auto readable = [&](ObjectId object) {
    if (object >= objects_.size() || !object_present_[object]) return false;
    if (verdict[object] == 0) verdict[object] = MayRead(reader, objects_[object]) ? 2 : 1;
    return verdict[object] == 2;
  };
  auto offer_of = [&](uint32_t id, ObjectId object, MatchKind kind) {
    if (matches.size() >= max_matches) return;
    if (scratch.entry_seen[id] == call || !readable(object)) return;
    scratch.entry_seen[id] = call;
    matches.push_back(IndicatorMatch{id, object, kind});
  };
  auto offer = [&](uint32_t id, MatchKind kind) { offer_of(id, entries_[id].object, kind); };
  std::string key = ExactKey(indicator);
  if (auto found = exact_.find(key); found != exact_.end()) {
    for (uint32_t id = found->second; id != kNone; id = entries_[id].next_exact) {
      offer(id, MatchKind::kExact);
    }
  }
  if (indicator.has_range) {
    const IpRange& range = indicator.range;
    // Indexed ranges holding the query: an IPv4 query may lie in IPv4 ranges and in IPv6
    // ranges shorter than /96; an IPv6 query lies only in IPv6 ranges.
    const bool v4_query = range.prefix >= 96 && IsV4Mapped(range.address);
    auto holding = [&](const std::vector<int>& prefixes, int below) {
      for (int prefix : prefixes) {
        if (prefix > range.prefix || prefix >= below) break;
        const auto& heads = ranges_[prefix];
        auto found = heads.find(Masked(range.address, prefix));
        if (found == heads.end()) continue;
        for (uint32_t id = found->second; id != kNone; id = entries_[id].next_range) {
          offer(id, prefix == range.prefix ? MatchKind::kExact : MatchKind::kRangeContains);
        }
      }
    };
    if (v4_query) holding(v4_prefixes_, 129);
    holding(other_prefixes_, v4_query ? 96 : 129);
    if (range.prefix < 128) {
      // Indexed addresses and smaller ranges inside the queried range.
      const Address last = Last(range);
      const bool v4 = IsV4Mapped(range.address) && range.prefix >= 96;
      const int level = v4 ? 96 + 24 : 64;
      // A non-IPv4 query whose first 64 bits are zero might hold IPv4-mapped addresses, which
      // sit in buckets of another level: the ordered map answers it.
      const bool clear_of_v4 = v4 || std::any_of(range.address.begin(), range.address.begin() + 8,
                                                 [](uint8_t byte) { return byte != 0; });
      if (clear_of_v4 && range.prefix >= level) {
        if (auto found = buckets_.find(Masked(range.address, level)); found != buckets_.end()) {
          for (const Placed& placed : found->second) {
            if (placed.prefix > range.prefix && placed.address >= range.address &&
                placed.address <= last) {
              offer_of(placed.id, placed.object, MatchKind::kWithinRange);
            }
          }
        }
      } else if (clear_of_v4 && range.prefix >= level - kMaxBucketBits) {
        // The bits between the query's prefix and the bucket prefix lie in one byte.
        Address bucket = range.address;
        const int byte = level / 8 - 1;
        const int count = 1 << (level - range.prefix);
        for (int i = 0; i < count && matches.size() < max_matches; ++i) {
          bucket[byte] = static_cast<uint8_t>(range.address[byte] | i);
          auto found = buckets_.find(bucket);
          if (found == buckets_.end()) continue;
          for (const Placed& placed : found->second) {
            if (placed.prefix > range.prefix) {
              offer_of(placed.id, placed.object, MatchKind::kWithinRange);
            }
          }
        }
      } else {
        for (auto it = by_address_.lower_bound(range.address);
             it != by_address_.end() && it->first <= last && matches.size() < max_matches; ++it) {
          for (uint32_t id = it->second; id != kNone; id = entries_[id].next_address) {
            if (entries_[id].prefix > range.prefix) offer(id, MatchKind::kWithinRange);
          }
        }
      }
    }
  }
  if (std::string_view domain = DomainKey(indicator); !domain.empty()) {
    if (auto found = domains_.find(domain); found != domains_.end()) {
      for (uint32_t id = found->second; id != kNone && matches.size() < max_matches;
           id = entries_[id].next_domain) {
        offer(id, MatchKind::kSameRegisteredDomain);
      }
    }
  }
  return matches;
}

}  // namespace hoshitori::share
