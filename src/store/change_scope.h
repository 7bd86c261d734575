// ChangeScope: what one committed change (or a batch of them) touched, so that caches drop
// only what it can alter: the organisations whose data changed and which kinds of data
// (aspects), whether credentials changed and whose, or everything.
//
// Two producers fill it: a use case that knows what it changed (the API) and the change
// notices of other processes (store/pg_change_listener.h, migrations/008_change_scope.sql).
// Consumers (service/chain_service.h, service/view_cache.h) ask Touches(...) with the organisations
// their cached value was built from. A scope that names no organisation for a data aspect
// applies that aspect to every organisation (`all_organisations`): a producer that cannot say
// who is affected stays correct by saying so.
//
// A plain value; not synchronised.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace hoshitori {

struct ChangeScope {
  // Kinds of data a change may touch (bit flags).
  enum Aspect : uint32_t {
    kAssessments = 1u << 0,  // assessments, their answers and stored results
    kSharing = 1u << 1,      // shares and assessment requests
    kPolicy = 1u << 2,       // buyer requirement policies
    kProfiles = 1u << 3,     // organisation profiles (name, industry, size)
    kGraph = 1u << 4,        // relationships and chain disclosures (the supply graph)
    kCredentials = 1u << 5,  // users, sessions, API tokens
    kProducts = 1u << 6,     // products, deliveries, containment, SBOMs, VEX (issue 17)
    kAdvisories = 1u << 7,   // OSV advisories (public data: never of one organisation)
    // Inbox entries, notification settings and the e-mail outbox: no cache is built from
    // them, so a change to them alone invalidates nothing (it is still not "nothing", which
    // InTransaction would read as "anything may have changed").
    kNotifications = 1u << 8,
  };
  // The data the chain's boards and the views are built from.
  static constexpr uint32_t kDataAspects = kAssessments | kSharing | kPolicy | kProfiles | kGraph;
  // The data the SBOM engines are built from (service/sbom_engines.h); kept apart so that an
  // SBOM upload leaves the boards and views alone (they never read it).
  static constexpr uint32_t kSbomAspects = kProducts | kAdvisories;
  static constexpr uint32_t kAllAspects =
      kDataAspects | kSbomAspects | kCredentials | kNotifications;

  uint32_t aspects = 0;
  // The data aspects apply to every organisation, named or not.
  bool all_organisations = false;
  // Organisations whose data changed (sorted, unique after Normalise). A relationship names
  // both parties; a share its owner and the organisation it is shared with.
  std::vector<int64_t> organisations;
  // Users whose credentials changed (sorted, unique); empty with kCredentials: anyone's.
  std::vector<int64_t> users;

  // Anything may have changed: every cache is dropped.
  static ChangeScope Everything();
  // `aspects` of the data of `organisations` changed.
  static ChangeScope Of(uint32_t aspects, std::initializer_list<int64_t> organisations);
  // `aspects` of the data of organisations not known changed (every organisation's).
  static ChangeScope OfAll(uint32_t aspects);
  // The credentials of `users` changed (empty: of anyone).
  static ChangeScope Credentials(std::initializer_list<int64_t> users);

  // Adds what `other` touched.
  void Add(const ChangeScope& other);
  // Sorts and deduplicates the id lists.
  void Normalise();

  bool empty() const { return aspects == 0; }
  bool everything() const { return aspects == kAllAspects && all_organisations && users.empty(); }
  bool credentials() const { return (aspects & kCredentials) != 0; }
  bool graph() const { return (aspects & kGraph) != 0; }
  // Whether a value built from the data (any aspect in `aspects`) of organisation `org` may
  // have changed.
  bool Touches(int64_t org, uint32_t aspects = kDataAspects) const;
  // The same for a value built from every organisation of `sorted_orgs` (ascending).
  bool Touches(const std::vector<int64_t>& sorted_orgs, uint32_t aspects = kDataAspects) const;
  // Whether `aspects` of any organisation's data changed.
  bool TouchesAny(uint32_t aspects) const { return (this->aspects & aspects) != 0; }

  // "assessments+sharing orgs 3,7", for messages and tests.
  std::string ToString() const;
};

// The scope of one change notice sent by migrations/008_change_scope.sql on a PostgreSQL
// database: "<table>" (anything in that table changed) or "<table>:o:<id>,<id>..."
// (organisations) or "<table>:u:<id>,..." (users, for the credential tables); an empty list
// ("<table>:o:") says a statement changed no row, and yields an empty scope. A table the
// caches do not know, or a payload that cannot be read, yields Everything(): a notice is
// never ignored.
ChangeScope ChangeScopeOfNotice(std::string_view payload);

}  // namespace hoshitori
