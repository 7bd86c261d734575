// Indicators of compromise as reports carry them: IP addresses and ranges, domains, URLs,
// e-mail addresses, file hashes, CVE ids and MITRE ATT&CK technique ids, parsed and put in
// one normal form so that the same indicator written two ways is the same value.
//
// Normal forms:
//   IPv4 / IPv6     "192.0.2.1", "2001:db8::1" (RFC 5952); a range as CIDR with its host
//                   bits cleared ("192.0.2.0/24"); an IPv4-mapped IPv6 address is IPv4.
//   domain          lower case, IDNA2008/TR46 A-labels (libidn2), no trailing dot; at least
//                   two labels (a single label is an internal host name, not an indicator).
//   URL             scheme and host normalised (host as a domain or an address, "[v6]"),
//                   the scheme's default port dropped; path, query and fragment kept as written.
//   e-mail          the local part as written, the domain normalised as a domain.
//   md5/sha1/sha256 lower-case hex (told apart by length: 32, 40, 64 digits).
//   CVE             "CVE-2024-3400"; ATT&CK technique "T1059" or "T1059.001".
// Defanged writing common in reports is read too: "hxxp://", "example[.]com", "a[@]b.jp",
// "198.51.100[.]7".
//
// Bounds: an indicator is at most kMaxIndicatorLength bytes. Pure functions, thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace hoshitori::share {

inline constexpr size_t kMaxIndicatorLength = 2048;

enum class IndicatorKind {
  kIp,  // an address or a CIDR range, IPv4 or IPv6
  kDomain,
  kUrl,
  kEmail,
  kMd5,
  kSha1,
  kSha256,
  kCve,
  kAttackTechnique,
};

// "ip", "domain", "url", "email", "md5", "sha1", "sha256", "cve", "attack-technique".
std::string_view IndicatorKindName(IndicatorKind kind);

// An address range: IPv4 is held as IPv4-mapped IPv6 (::ffff:a.b.c.d, prefix + 96) so that
// one comparison serves both families. A single address is a range of prefix 32 / 128.
struct IpRange {
  std::array<uint8_t, 16> address{};  // host bits cleared
  int prefix = 128;                   // 0..128, in the IPv6 space
  bool ipv4 = false;

  bool Contains(const IpRange& other) const;  // other lies wholly inside this range
  bool operator==(const IpRange&) const = default;
};

struct Indicator {
  IndicatorKind kind = IndicatorKind::kDomain;
  std::string value;  // the normal form (above)
  // kDomain: the domain; kUrl: its host when it is a name; kEmail: its domain. Else empty.
  std::string host;
  // kIp: the range; kUrl: its host when it is an address (has_range set).
  IpRange range;
  bool has_range = false;

  bool operator==(const Indicator&) const = default;
};

// Parses one indicator, finding its kind from its shape, and normalises it. Blanks around
// it are ignored. Errors (kInvalid) quote the text (at most 80 bytes) and say what is
// wrong: too long, not a known kind, a bad address, label or hash length.
Result<Indicator> ParseIndicator(std::string_view text);

// Normalises a host name as ParseIndicator normalises domains, without requiring two labels
// ("fs01" is accepted): lower case, A-labels, no trailing dot. Errors as above.
Result<std::string> NormaliseHostName(std::string_view text);

// Parses "a.b.c.d", an IPv6 address or either with "/prefix". Errors as above.
Result<IpRange> ParseIpRange(std::string_view text);

// Writes a range in its normal form ("192.0.2.0/24", "2001:db8::1").
std::string FormatIpRange(const IpRange& range);

// True when `host` is `domain` or lies under it ("mail.example.co.jp" under "example.co.jp").
// Both must be normalised.
bool IsSameOrSubdomain(std::string_view host, std::string_view domain);

}  // namespace hoshitori::share
