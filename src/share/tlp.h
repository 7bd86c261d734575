// TLP 2.0 (FIRST's Traffic Light Protocol, version 2.0): the five markings, their labels,
// and the read rule every shared object obeys.
//
// A marking says who may read an object:
//   TLP:CLEAR         anyone;
//   TLP:GREEN         the community: members of the object's sharing group;
//   TLP:AMBER         the recipient organisations and their clients (need-to-know);
//   TLP:AMBER+STRICT  the recipient organisations only;
//   TLP:RED           the named recipients (people) only.
// The owning organisation always reads its own object, except under RED, where only the
// author and the named recipients do. An object reshared or derived from others carries
// every ancestor's audience too and may be read only by those every one of them admits, so
// no chain of reshares reaches a reader the original marking excluded.
//
// Pure values and functions, safe to call from any thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hoshitori::share {

// Ordered from the loosest to the strictest: a larger value never admits more readers
// (for the same audience), which Strictest and the "no loosening" rule rely on.
enum class Tlp { kClear = 0, kGreen = 1, kAmber = 2, kAmberStrict = 3, kRed = 4 };

// The label in TLP 2.0's canonical form: "TLP:CLEAR", "TLP:GREEN", "TLP:AMBER",
// "TLP:AMBER+STRICT", "TLP:RED" (upper case, no blanks, as FIRST writes them).
std::string_view TlpLabel(Tlp marking);

// Reads a label. TLP 2.0 writes labels in capitals without blanks; since many tools write
// them in lower case (MISP's "tlp:amber"), letters are accepted in any case. Blanks around
// the label are ignored; blanks inside ("TLP: RED", "AMBER + STRICT") are not labels.
// "TLP:WHITE", TLP 1.0's name for CLEAR, is read as kClear. Anything else is kInvalid with
// the text quoted (at most 64 bytes of it) and the five labels listed.
Result<Tlp> ParseTlp(std::string_view text);

// The stricter of two markings.
Tlp Strictest(Tlp a, Tlp b);

using OrgId = int64_t;
using GroupId = int64_t;
using PersonId = int64_t;

// Who one marking admits. Only the fields of the marking's kind matter: `group` for GREEN,
// `recipient_orgs` for AMBER and AMBER+STRICT, `named_recipients` for RED.
struct Audience {
  Tlp marking = Tlp::kRed;
  OrgId owner = 0;                    // the organisation that shared it
  PersonId author = 0;                // the person who shared it (reads it under RED too)
  GroupId group = 0;                  // GREEN: the sharing group (0: none, so only the owner reads)
  std::vector<OrgId> recipient_orgs;  // AMBER, AMBER+STRICT
  std::vector<PersonId> named_recipients;  // RED

  bool operator==(const Audience&) const = default;
};

// A shared object as far as reading is concerned: its own audience and those of every
// object it was reshared or derived from.
struct SharedObject {
  Audience audience;
  std::vector<Audience> inherited;

  Tlp marking() const { return audience.marking; }
};

// Someone who wants to read: a person of an organisation, with the organisation's sharing
// group memberships and the organisations it is a client of (for AMBER).
struct Reader {
  OrgId org = 0;
  PersonId person = 0;
  std::vector<GroupId> groups;
  std::vector<OrgId> client_of;
};

// True when `audience` alone admits `reader`.
bool Admits(const Audience& audience, const Reader& reader);

// True when the reader may read the object: its own audience and every inherited one
// admit the reader. Everything that shows an object, or tells that it exists, asks this.
bool MayRead(const Reader& reader, const SharedObject& object);

// A new object shared by `by` from `source` with `audience` (whose owner and author are set
// to `by`'s). Refused when `by` may not read the source (kForbidden) and when the new
// marking is looser than the source's (kInvalid; TLP never loosens). The result inherits the
// source's audiences (each once), so it admits nobody the source did not: a RED object
// reshared as RED reaches only named recipients of the original, never anyone new.
Result<SharedObject> Reshare(const SharedObject& source, const Reader& by, Audience audience);

// A new object made by `by` from several sources (a report built from others' indicators,
// say): as Reshare for each source, and its marking must be at least the strictest of
// theirs (StrictestOf). No sources: the audience alone.
Result<SharedObject> Derive(std::span<const SharedObject> sources, const Reader& by,
                            Audience audience);

// The strictest marking among the sources (kClear when there are none): what a derived
// object must carry at least.
Tlp StrictestOf(std::span<const SharedObject> sources);

}  // namespace hoshitori::share
