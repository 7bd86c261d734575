#include "share/tlp.h"

#include <algorithm>
#include <array>

namespace hoshitori::share {
namespace {

constexpr std::array<std::string_view, 5> kLabels = {"TLP:CLEAR", "TLP:GREEN", "TLP:AMBER",
                                                     "TLP:AMBER+STRICT", "TLP:RED"};

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

template <typename T>
bool Contains(const std::vector<T>& values, T value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

Error Refusal(ErrorKind kind, std::string title, std::string message) {
  return MakeError(kind, std::move(title), std::move(message));
}

}  // namespace

std::string_view TlpLabel(Tlp marking) { return kLabels[static_cast<size_t>(marking)]; }

Result<Tlp> ParseTlp(std::string_view text) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsBlank(text.back())) text.remove_suffix(1);
  std::string upper;
  if (text.size() <= 32) {
    for (char c : text) upper.push_back(Upper(c));
    for (size_t i = 0; i < kLabels.size(); ++i) {
      if (upper == kLabels[i]) return static_cast<Tlp>(i);
    }
    if (upper == "TLP:WHITE") return Tlp::kClear;
  }
  std::string shown(text.substr(0, 64));
  return MakeError(ErrorKind::kInvalid, "invalid TLP marking",
                   "'" + shown + "' is not a TLP 2.0 marking; write one of TLP:CLEAR, TLP:GREEN, " +
                       "TLP:AMBER, TLP:AMBER+STRICT, TLP:RED");
}

Tlp Strictest(Tlp a, Tlp b) { return std::max(a, b); }

bool Admits(const Audience& audience, const Reader& reader) {
  switch (audience.marking) {
    case Tlp::kClear:
      return true;
    case Tlp::kGreen:
      return reader.org == audience.owner ||
             (audience.group != 0 && Contains(reader.groups, audience.group));
    case Tlp::kAmber:
      if (reader.org == audience.owner || Contains(audience.recipient_orgs, reader.org)) {
        return true;
      }
      return std::any_of(reader.client_of.begin(), reader.client_of.end(), [&](OrgId provider) {
        return Contains(audience.recipient_orgs, provider);
      });
    case Tlp::kAmberStrict:
      return reader.org == audience.owner || Contains(audience.recipient_orgs, reader.org);
    case Tlp::kRed:
      return (reader.org == audience.owner && reader.person == audience.author) ||
             Contains(audience.named_recipients, reader.person);
  }
  return false;
}

bool MayRead(const Reader& reader, const SharedObject& object) {
  if (!Admits(object.audience, reader)) return false;
  return std::all_of(object.inherited.begin(), object.inherited.end(),
                     [&](const Audience& audience) { return Admits(audience, reader); });
}

Tlp StrictestOf(std::span<const SharedObject> sources) {
  Tlp strictest = Tlp::kClear;
  for (const SharedObject& source : sources) strictest = Strictest(strictest, source.marking());
  return strictest;
}

Result<SharedObject> Derive(std::span<const SharedObject> sources, const Reader& by,
                            Audience audience) {
  for (size_t i = 0; i < sources.size(); ++i) {
    const SharedObject& source = sources[i];
    std::string which = sources.size() == 1 ? "the source" : "source " + std::to_string(i + 1);
    if (!MayRead(by, source)) {
      return Refusal(ErrorKind::kForbidden, "not readable",
                     which + " may not be read by the organisation sharing it further");
    }
    if (audience.marking < source.marking()) {
      return Refusal(ErrorKind::kInvalid, "marking looser than its source",
                     std::string(TlpLabel(audience.marking)) + " is looser than " +
                         std::string(TlpLabel(source.marking())) + " of " + which +
                         "; TLP markings are never loosened");
    }
  }
  audience.owner = by.org;
  audience.author = by.person;
  SharedObject derived;
  derived.audience = std::move(audience);
  auto inherit = [&derived](const Audience& ancestor) {
    if (std::find(derived.inherited.begin(), derived.inherited.end(), ancestor) ==
        derived.inherited.end()) {
      derived.inherited.push_back(ancestor);
    }
  };
  for (const SharedObject& source : sources) {
    inherit(source.audience);
    for (const Audience& ancestor : source.inherited) inherit(ancestor);
  }
  return derived;
}

Result<SharedObject> Reshare(const SharedObject& source, const Reader& by, Audience audience) {
  return Derive(std::span<const SharedObject>(&source, 1), by, std::move(audience));
}

}  // namespace hoshitori::share
