#include "share/indicator.h"

#include <arpa/inet.h>
#include <idn2.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace hoshitori::share {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string Quoted(std::string_view text) {
  std::string shown(text.substr(0, 80));
  if (text.size() > 80) shown += "...";
  return "'" + shown + "'";
}

Error Invalid(std::string_view text, const std::string& what) {
  return MakeError(ErrorKind::kInvalid, "invalid indicator", Quoted(text) + ": " + what);
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsBlank(text.back())) text.remove_suffix(1);
  return text;
}

// Undoes the defanging reports use so indicators are not clickable.
std::string Refang(std::string_view text) {
  // Most indicators arrive without defanging: nothing to look at then.
  const bool hxxp = text.size() >= 4 && Lower(text[0]) == 'h' && Lower(text[1]) == 'x';
  if (!hxxp && text.find_first_of("[({") == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    auto at = [&](std::string_view what) { return text.substr(i, what.size()) == what; };
    if (at("[.]") || at("(.)") || at("{.}")) {
      out.push_back('.');
      i += 3;
    } else if (at("[dot]")) {
      out.push_back('.');
      i += 5;
    } else if (at("[@]") || at("[at]")) {
      out.push_back('@');
      i += at("[@]") ? 3 : 4;
    } else if (at("[:]")) {
      out.push_back(':');
      i += 3;
    } else if (i == 0 && text.size() >= 4 && Lower(text[0]) == 'h' && Lower(text[1]) == 'x' &&
               Lower(text[2]) == 'x' && Lower(text[3]) == 'p') {
      out += "http";
      i += 4;
    } else {
      out.push_back(text[i]);
      ++i;
    }
  }
  return out;
}

bool AllOf(std::string_view text, bool (*predicate)(char)) {
  return !text.empty() && std::all_of(text.begin(), text.end(), predicate);
}

void ClearHostBits(IpRange& range) {
  for (int bit = range.prefix; bit < 128; ++bit) {
    range.address[bit / 8] &= static_cast<uint8_t>(~(0x80u >> (bit % 8)));
  }
}

bool IsIpv4Mapped(const std::array<uint8_t, 16>& address) {
  for (int i = 0; i < 10; ++i) {
    if (address[i] != 0) return false;
  }
  return address[10] == 0xff && address[11] == 0xff;
}

bool ValidLabel(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(), [](char c) {
    return IsDigit(c) || (c >= 'a' && c <= 'z') || c == '-' || c == '_';
  });
}

Result<Indicator> ParseUrl(std::string_view original, std::string_view text) {
  size_t scheme_end = text.find("://");
  std::string scheme;
  for (char c : text.substr(0, scheme_end)) scheme.push_back(Lower(c));
  if (scheme.empty() || !(scheme[0] >= 'a' && scheme[0] <= 'z') ||
      !std::all_of(scheme.begin(), scheme.end(), [](char c) {
        return IsDigit(c) || (c >= 'a' && c <= 'z') || c == '+' || c == '-' || c == '.';
      })) {
    return Invalid(original, "a URL needs a scheme such as http:// before its host");
  }
  std::string_view rest = text.substr(scheme_end + 3);
  size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view tail = authority_end == std::string_view::npos ? "" : rest.substr(authority_end);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);  // credentials identify nobody's infrastructure
  }
  std::string_view host = authority, port;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return Invalid(original, "an IPv6 host lacks its ']'");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return Invalid(original, "text after the IPv6 host");
      port = after.substr(1);
    }
  } else if (size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (!port.empty() &&
      (!AllOf(port, IsDigit) || port.size() > 5 || std::atoi(std::string(port).c_str()) > 65535)) {
    return Invalid(original, "the port is not a number up to 65535");
  }
  if ((scheme == "http" && port == "80") || (scheme == "https" && port == "443") ||
      (scheme == "ftp" && port == "21")) {
    port = {};
  }
  if (host.empty()) return Invalid(original, "the URL has no host");
  Indicator indicator;
  indicator.kind = IndicatorKind::kUrl;
  std::string host_text;
  if (auto range = ParseIpRange(host); range.ok() && host.find('/') == std::string_view::npos) {
    indicator.range = *range;
    indicator.has_range = true;
    host_text = range->ipv4 ? FormatIpRange(*range) : "[" + FormatIpRange(*range) + "]";
  } else {
    auto name = NormaliseHostName(host);
    if (!name.ok()) return Invalid(original, "the URL's host: " + name.error().message);
    indicator.host = *name;
    host_text = *name;
  }
  indicator.value = scheme + "://" + host_text;
  if (!port.empty()) indicator.value += ":" + std::string(port);
  indicator.value += tail.empty() ? "/" : std::string(tail);
  return indicator;
}

}  // namespace

std::string_view IndicatorKindName(IndicatorKind kind) {
  switch (kind) {
    case IndicatorKind::kIp:
      return "ip";
    case IndicatorKind::kDomain:
      return "domain";
    case IndicatorKind::kUrl:
      return "url";
    case IndicatorKind::kEmail:
      return "email";
    case IndicatorKind::kMd5:
      return "md5";
    case IndicatorKind::kSha1:
      return "sha1";
    case IndicatorKind::kSha256:
      return "sha256";
    case IndicatorKind::kCve:
      return "cve";
    case IndicatorKind::kAttackTechnique:
      return "attack-technique";
  }
  return "unknown";
}

bool IpRange::Contains(const IpRange& other) const {
  if (other.prefix < prefix) return false;
  for (int bit = 0; bit < prefix; ++bit) {
    uint8_t mask = static_cast<uint8_t>(0x80u >> (bit % 8));
    if ((address[bit / 8] & mask) != (other.address[bit / 8] & mask)) return false;
  }
  return true;
}

Result<IpRange> ParseIpRange(std::string_view text) {
  if (text.size() > 64) return Invalid(text, "too long for an IP address");
  std::string_view address_text = text;
  int prefix = -1;
  if (size_t slash = text.find('/'); slash != std::string_view::npos) {
    std::string_view digits = text.substr(slash + 1);
    if (!AllOf(digits, IsDigit) || digits.size() > 3) {
      return Invalid(text, "the prefix length after '/' is not a number");
    }
    prefix = std::atoi(std::string(digits).c_str());
    address_text = text.substr(0, slash);
  }
  std::string address(address_text);
  IpRange range;
  in_addr v4{};
  if (address.find(':') == std::string::npos) {
    if (inet_pton(AF_INET, address.c_str(), &v4) != 1) {
      return Invalid(text, "not an IPv4 address (four numbers 0-255 separated by dots)");
    }
    range.address[10] = range.address[11] = 0xff;
    std::memcpy(range.address.data() + 12, &v4, 4);
    range.ipv4 = true;
    if (prefix > 32) return Invalid(text, "an IPv4 prefix is at most 32");
    range.prefix = prefix < 0 ? 128 : prefix + 96;
  } else {
    in6_addr v6{};
    if (inet_pton(AF_INET6, address.c_str(), &v6) != 1) return Invalid(text, "not an IPv6 address");
    std::memcpy(range.address.data(), &v6, 16);
    if (prefix > 128) return Invalid(text, "an IPv6 prefix is at most 128");
    range.prefix = prefix < 0 ? 128 : prefix;
    if (IsIpv4Mapped(range.address) && range.prefix >= 96) range.ipv4 = true;
  }
  ClearHostBits(range);
  return range;
}

std::string FormatIpRange(const IpRange& range) {
  char buffer[INET6_ADDRSTRLEN] = {};
  std::string text;
  if (range.ipv4) {
    inet_ntop(AF_INET, range.address.data() + 12, buffer, sizeof buffer);
    text = buffer;
    if (range.prefix < 128) text += "/" + std::to_string(range.prefix - 96);
  } else {
    inet_ntop(AF_INET6, range.address.data(), buffer, sizeof buffer);
    text = buffer;
    if (range.prefix < 128) text += "/" + std::to_string(range.prefix);
  }
  return text;
}

Result<std::string> NormaliseHostName(std::string_view text) {
  if (text.size() > 253 + 1) return Invalid(text, "a host name is at most 253 characters");
  std::string name;
  bool ascii = std::all_of(text.begin(), text.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) {
    for (char c : text) name.push_back(Lower(c));
  } else {
    std::string input(text);
    uint8_t* output = nullptr;
    int status = idn2_lookup_u8(reinterpret_cast<const uint8_t*>(input.c_str()), &output,
                                IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
    if (status != IDN2_OK) {
      return Invalid(text, std::string("not an internationalised domain name (") +
                               idn2_strerror(status) + ")");
    }
    name = reinterpret_cast<const char*>(output);
    idn2_free(output);
    for (char& c : name) c = Lower(c);
  }
  if (!name.empty() && name.back() == '.') name.pop_back();
  if (name.empty() || name.size() > 253) return Invalid(text, "empty or over 253 characters");
  size_t start = 0;
  while (start <= name.size()) {
    size_t dot = name.find('.', start);
    std::string_view label =
        std::string_view(name).substr(start, dot == std::string::npos ? name.npos : dot - start);
    if (!ValidLabel(label)) {
      return Invalid(text, "label '" + std::string(label.substr(0, 63)) +
                               "' is not 1-63 letters, digits or inner hyphens");
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return name;
}

bool IsSameOrSubdomain(std::string_view host, std::string_view domain) {
  if (domain.empty() || host.size() < domain.size()) return false;
  if (host.size() == domain.size()) return host == domain;
  return host.substr(host.size() - domain.size()) == domain &&
         host[host.size() - domain.size() - 1] == '.';
}

Result<Indicator> ParseIndicator(std::string_view original) {
  std::string_view trimmed = Trim(original);
  if (trimmed.size() > kMaxIndicatorLength) {
    return Invalid(original, "longer than " + std::to_string(kMaxIndicatorLength) + " bytes");
  }
  if (trimmed.empty()) return Invalid(original, "empty");
  std::string refanged = Refang(trimmed);
  std::string_view text = refanged;
  Indicator indicator;

  std::string upper;
  for (char c : text) upper.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c);
  if (upper.rfind("CVE-", 0) == 0) {
    std::string_view rest = std::string_view(upper).substr(4);
    size_t dash = rest.find('-');
    if (dash != 4 || !AllOf(rest.substr(0, 4), IsDigit) || rest.size() - 5 < 4 ||
        rest.size() - 5 > 19 || !AllOf(rest.substr(5), IsDigit)) {
      return Invalid(original, "a CVE id is CVE-YYYY-NNNN (four or more digits)");
    }
    indicator.kind = IndicatorKind::kCve;
    indicator.value = upper;
    return indicator;
  }
  if (upper.size() >= 5 && upper[0] == 'T' &&
      AllOf(std::string_view(upper).substr(1, 4), IsDigit) &&
      (upper.size() == 5 || (upper.size() == 9 && upper[5] == '.' &&
                             AllOf(std::string_view(upper).substr(6), IsDigit)))) {
    indicator.kind = IndicatorKind::kAttackTechnique;
    indicator.value = upper;
    return indicator;
  }
  if (AllOf(text, IsHex) && (text.size() == 32 || text.size() == 40 || text.size() == 64)) {
    indicator.kind = text.size() == 32   ? IndicatorKind::kMd5
                     : text.size() == 40 ? IndicatorKind::kSha1
                                         : IndicatorKind::kSha256;
    for (char c : text) indicator.value.push_back(Lower(c));
    return indicator;
  }
  if (text.find("://") != std::string_view::npos) return ParseUrl(original, text);
  if (size_t at = text.rfind('@'); at != std::string_view::npos) {
    std::string_view local = text.substr(0, at);
    if (local.empty() || local.size() > 64 || std::any_of(local.begin(), local.end(), [](char c) {
          return IsBlank(c) || c == '<' || c == '>' || c == ',';
        })) {
      return Invalid(original, "the part before '@' is empty, too long or has blanks");
    }
    auto domain = NormaliseHostName(text.substr(at + 1));
    if (!domain.ok() || domain->find('.') == std::string::npos) {
      return Invalid(original, "the part after '@' is not a domain name");
    }
    indicator.kind = IndicatorKind::kEmail;
    indicator.host = *domain;
    indicator.value = std::string(local) + "@" + *domain;
    return indicator;
  }
  bool looks_ip = text.find(':') != std::string_view::npos ||
                  std::all_of(text.begin(), text.end(),
                              [](char c) { return IsDigit(c) || c == '.' || c == '/'; });
  if (looks_ip) {
    auto range = ParseIpRange(text);
    if (!range.ok()) return Invalid(original, range.error().message);
    indicator.kind = IndicatorKind::kIp;
    indicator.range = *range;
    indicator.has_range = true;
    indicator.value = FormatIpRange(*range);
    return indicator;
  }
  auto domain = NormaliseHostName(text);
  if (!domain.ok()) {
    return Invalid(original,
                   "not an IP address, domain, URL, e-mail address, hash, CVE id or "
                   "ATT&CK technique id");
  }
  if (domain->find('.') == std::string::npos) {
    return Invalid(original, "a single-label name is an internal host name, not a domain");
  }
  size_t last_dot = domain->rfind('.');
  if (AllOf(std::string_view(*domain).substr(last_dot + 1), IsDigit)) {
    return Invalid(original, "the top-level label is all digits (a mistyped IP address?)");
  }
  indicator.kind = IndicatorKind::kDomain;
  indicator.host = *domain;
  indicator.value = *domain;
  return indicator;
}

}  // namespace hoshitori::share
