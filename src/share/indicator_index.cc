#include "share/indicator_index.h"

#include <algorithm>
#include <cstring>

namespace hoshitori::share {
namespace {

std::array<uint8_t, 16> Masked(const std::array<uint8_t, 16>& address, int prefix) {
  std::array<uint8_t, 16> masked = address;
  for (int byte = 0; byte < 16; ++byte) {
    int bits = std::clamp(prefix - byte * 8, 0, 8);
    masked[byte] &= static_cast<uint8_t>(0xFF00u >> bits);
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

}  // namespace

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

IndicatorIndex::IndicatorIndex(const PublicSuffixList* suffixes) : suffixes_(suffixes) {}

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
    if (!prefix_present_[prefix]) {
      prefix_present_[prefix] = true;
      prefixes_.insert(std::lower_bound(prefixes_.begin(), prefixes_.end(), prefix), prefix);
    }
    auto [range, first] = ranges_[prefix].try_emplace(indicator.range.address, id);
    if (!first) {
      entry.next_range = range->second;
      range->second = id;
    }
    auto [address, first_here] = by_address_.try_emplace(indicator.range.address, id);
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
  std::vector<IndicatorId> seen;  // small in practice; matches are few per indicator
  auto offer = [&](uint32_t id, MatchKind kind) {
    if (matches.size() >= max_matches) return;
    if (std::find(seen.begin(), seen.end(), id) != seen.end()) return;
    const Entry& entry = entries_[id];
    if (entry.object >= objects_.size() || !object_present_[entry.object]) return;
    if (!MayRead(reader, objects_[entry.object])) return;
    seen.push_back(id);
    matches.push_back(IndicatorMatch{id, entry.object, kind});
  };
  std::string key = ExactKey(indicator);
  if (auto found = exact_.find(key); found != exact_.end()) {
    for (uint32_t id = found->second; id != kNone; id = entries_[id].next_exact) {
      offer(id, MatchKind::kExact);
    }
  }
  if (indicator.has_range) {
    const IpRange& range = indicator.range;
    for (int prefix : prefixes_) {
      if (prefix > range.prefix) break;
      const auto& heads = ranges_[prefix];
      auto found = heads.find(Masked(range.address, prefix));
      if (found == heads.end()) continue;
      for (uint32_t id = found->second; id != kNone; id = entries_[id].next_range) {
        offer(id, prefix == range.prefix ? MatchKind::kExact : MatchKind::kRangeContains);
      }
    }
    if (range.prefix < 128) {
      Address last = Last(range);
      for (auto it = by_address_.lower_bound(range.address);
           it != by_address_.end() && it->first <= last && matches.size() < max_matches; ++it) {
        for (uint32_t id = it->second; id != kNone; id = entries_[id].next_address) {
          if (entries_[id].prefix > range.prefix) offer(id, MatchKind::kWithinRange);
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
