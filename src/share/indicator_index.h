// IndicatorIndex: every indicator shared so far, in memory, for correlation: a new indicator
// is matched against all indexed ones by exact normal form, by IP range containment (either
// way: an indexed range holding the address, or indexed addresses inside a queried range),
// and by registered domain (domains, URL hosts and e-mail domains under the same registered
// domain: "a.evil.example.co.jp" meets "b.evil.example.co.jp").
//
// Every indicator belongs to a shared object (a report) carrying a TLP audience
// (share/tlp.h). Correlate returns only matches whose object the reader may read, and counts
// and limits after that filter, so a correlation never tells that an unreadable (say RED)
// indicator exists.
//
// Updated incrementally (Add); a store rebuilds it at start by adding what it holds.
// Bounds: Correlate returns at most `max_matches` matches (kDefaultMaxMatches).
// Not thread-safe for writing: one writer, or readers only (const methods) at a time.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "share/indicator.h"
#include "share/public_suffix.h"
#include "share/tlp.h"

namespace hoshitori::share {

using IndicatorId = uint32_t;
using ObjectId = uint32_t;

inline constexpr size_t kDefaultMaxMatches = 1000;

enum class MatchKind {
  kExact,                 // the same normal form (and kind)
  kRangeContains,         // an indexed range holds the indicator's address or range
  kWithinRange,           // the indexed address or range lies inside the indicator's range
  kSameRegisteredDomain,  // host names under one registered domain
};

std::string_view MatchKindName(MatchKind kind);

struct IndicatorMatch {
  IndicatorId indicator;
  ObjectId object;
  MatchKind kind;
};

class IndicatorIndex {
 public:
  // `suffixes` (may be null: the last two labels then count as the registered domain) must
  // outlive the index.
  explicit IndicatorIndex(const PublicSuffixList* suffixes);

  IndicatorIndex(const IndicatorIndex&) = delete;
  IndicatorIndex& operator=(const IndicatorIndex&) = delete;

  // Registers a shared object's audience, or replaces it (a marking made stricter applies to
  // every indicator of the object at once). Object ids are small dense numbers from the caller.
  void PutObject(ObjectId id, SharedObject object);

  // Makes room for this many indicators in all (saves rehashing while a store rebuilds it).
  void Reserve(size_t indicators);

  // Adds an indicator of an object already put. Returns its id (ids count up from 0).
  IndicatorId Add(const Indicator& indicator, ObjectId object);

  // The indexed indicators matching `indicator` whose object `reader` may read, each once
  // (the strongest relation: exact before containment before registered domain), at most
  // `max_matches`.
  std::vector<IndicatorMatch> Correlate(const Indicator& indicator, const Reader& reader,
                                        size_t max_matches = kDefaultMaxMatches) const;

  size_t size() const { return values_.size(); }
  const std::string& value(IndicatorId id) const { return values_[id]; }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  using Address = std::array<uint8_t, 16>;

  // An address as two big-endian halves, so that masking to a prefix and comparing are a few
  // integer operations.
  struct Key {
    uint64_t high = 0, low = 0;
    bool operator==(const Key&) const = default;
    auto operator<=>(const Key&) const = default;
  };
  static Key KeyOf(const Address& address);
  static Key Masked(const Key& key, int prefix);
  static size_t Hash(const Key& key, int prefix);

  // An open-addressing table from a string to a number (a list of candidates) that keeps no copy
  // of the strings: a slot holds the string's hash and its number, and the caller says which
  // string a number stands for (`name_of(number)`). A node-based map would hold a node and a
  // second copy of every distinct value, and cost a pointer hop per lookup.
  class StringTable {
   public:
    void Reserve(size_t strings);
    // The number of `text`, or kNone.
    template <typename NameOf>
    uint32_t Find(std::string_view text, NameOf name_of) const;
    // The number of `text`; `make()` gives it when the text is new.
    template <typename NameOf, typename Make>
    uint32_t FindOrAdd(std::string_view text, NameOf name_of, Make make);

   private:
    struct Slot {
      uint64_t hash = 0;
      uint32_t number = kNone;  // kNone: empty
    };
    void Grow(size_t slots);
    std::vector<Slot> slots_;  // size a power of two, at most half full
    size_t used_ = 0;
  };

  // One candidate as a correlation walks it: the indicator and its object side by side, so the
  // TLP verdict is found without looking the indicator up.
  struct Posting {
    IndicatorId id;
    ObjectId object;
  };
  // An address or range by its first address, for "inside the queried range".
  struct Placed {
    Key first;
    IndicatorId id;
    ObjectId object;
    int prefix;
  };

  // An open-addressing table from (masked address, prefix) to a value (the candidates under that
  // key), held in one flat array with the value in the slot: probing for every indexed prefix
  // length of a query is the hot path of range correlation, and node-based maps, or a number
  // leading to a list elsewhere, cost a cache miss per probe and per hop.
  template <typename Value>
  class AddressTable {
   public:
    // The value stored for (key, prefix), or null.
    const Value* Find(const Key& key, int prefix) const;
    // The value stored for (key, prefix); a value-initialised one when the pair is new.
    Value& FindOrAdd(const Key& key, int prefix);

   private:
    struct Slot {
      Key key;
      uint32_t prefix_plus_one = 0;  // 0: empty
      Value value{};
    };
    void Grow();
    std::vector<Slot> slots_;  // size a power of two, at most half full
    size_t used_ = 0;
  };

  static void ExactKey(const Indicator& indicator, std::string& key);
  std::string_view DomainKey(const Indicator& indicator) const;
  uint32_t NewList();

  const PublicSuffixList* suffixes_;
  // Which index this is (process-wide, never reused) and how often objects were put: a
  // thread's cached TLP verdicts hold for one index, one reader and one objects_version_.
  uint64_t instance_;
  uint64_t objects_version_ = 0;
  std::vector<SharedObject> objects_;
  std::vector<bool> object_present_;
  std::vector<std::string> values_;  // per indicator id: kind letter + normal form
  // The candidates of one exact value (exact_ leads here; the value is that of the list's first
  // indicator) and of one registered domain (domains_: domain_names_ and domain_lists_), each a
  // contiguous array, as for ranges: walking them reads memory in order instead of chasing links
  // from indicator to indicator.
  StringTable exact_, domains_;
  std::vector<std::vector<Posting>> lists_, domain_lists_;
  std::vector<std::string> domain_names_;
  // Ranges and addresses by (first address, prefix length).
  AddressTable<std::vector<Posting>> ranges_;
  // The present prefix lengths, ascending, apart for IPv4 (IPv4-mapped, prefix >= 96) and the
  // rest, so an IPv6 query does not probe IPv4's lengths and the other way round.
  std::array<bool, 129> v4_prefix_present_{}, other_prefix_present_{};
  std::vector<int> v4_prefixes_, other_prefixes_;
  // Every address and range by its first address, for "inside the queried range": in flat
  // buckets of the first address masked to a bucket prefix (/24 for IPv4, /64 for IPv6), which
  // a query of up to 256 buckets probes. A wider query walks bucket_groups_: the buckets' keys
  // by group (/16 for IPv4, /48 for IPv6), the groups in address order. Ordering groups rather
  // than buckets or addresses keeps the ordered map small, so adding an address almost never
  // touches it.
  static int BucketPrefix(const Key& key);
  static int GroupPrefix(const Key& key);
  AddressTable<std::vector<Placed>> buckets_;
  std::map<Key, std::vector<Key>> bucket_groups_;
};

}  // namespace hoshitori::share
