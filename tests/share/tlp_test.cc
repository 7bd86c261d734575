// TLP 2.0: labels, Strictest, and the read rule against an independently written oracle over
// generated worlds of organisations, people, sharing groups, client relationships, markings,
// reshares and derivations.
#include "share/tlp.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <iterator>
#include <random>
#include <set>

namespace hoshitori::share {
namespace {

TEST(TlpLabels, PrintAndParseEveryMarking) {
  for (Tlp marking : {Tlp::kClear, Tlp::kGreen, Tlp::kAmber, Tlp::kAmberStrict, Tlp::kRed}) {
    auto parsed = ParseTlp(TlpLabel(marking));
    ASSERT_TRUE(parsed.ok()) << TlpLabel(marking);
    EXPECT_EQ(*parsed, marking);
  }
  EXPECT_EQ(TlpLabel(Tlp::kAmberStrict), "TLP:AMBER+STRICT");
}

TEST(TlpLabels, LettersInAnyCaseBlanksAroundAndWhiteAsClear) {
  EXPECT_EQ(*ParseTlp("tlp:amber+strict"), Tlp::kAmberStrict);
  EXPECT_EQ(*ParseTlp("  Tlp:Red\n"), Tlp::kRed);
  EXPECT_EQ(*ParseTlp("TLP:WHITE"), Tlp::kClear);
}

TEST(TlpLabels, RefusesWhatIsNotALabel) {
  for (const char* text : {"", "RED", "TLP: RED", "TLP:AMBER + STRICT", "TLP:AMBER+", "TLP:BLUE",
                           "TLP:RED:", "TLP-RED"}) {
    auto parsed = ParseTlp(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().kind, ErrorKind::kInvalid);
    EXPECT_NE(parsed.error().message.find("TLP:AMBER+STRICT"), std::string::npos);
  }
  std::string long_text(10000, 'A');
  auto parsed = ParseTlp(long_text);
  ASSERT_FALSE(parsed.ok());
  EXPECT_LT(parsed.error().message.size(), 200u);
}

TEST(TlpStrictest, IsTheStricterOfTwo) {
  EXPECT_EQ(Strictest(Tlp::kGreen, Tlp::kAmber), Tlp::kAmber);
  EXPECT_EQ(Strictest(Tlp::kRed, Tlp::kClear), Tlp::kRed);
  EXPECT_EQ(Strictest(Tlp::kAmberStrict, Tlp::kAmber), Tlp::kAmberStrict);
}

TEST(TlpRead, AmberReachesClientsOfRecipientsButStrictDoesNot) {
  Audience audience{Tlp::kAmber, 1, 11, 0, {2}, {}};
  SharedObject object{audience, {}};
  Reader client{3, 31, {}, {2}};
  Reader stranger{4, 41, {}, {}};
  EXPECT_TRUE(MayRead(client, object));
  EXPECT_FALSE(MayRead(stranger, object));
  object.audience.marking = Tlp::kAmberStrict;
  EXPECT_FALSE(MayRead(client, object));
  EXPECT_TRUE(MayRead(Reader{2, 21, {}, {}}, object));
}

TEST(TlpRead, RedIsForTheAuthorAndNamedPeopleOnly) {
  SharedObject object{Audience{Tlp::kRed, 1, 11, 0, {}, {21}}, {}};
  EXPECT_TRUE(MayRead(Reader{1, 11, {}, {}}, object));
  EXPECT_FALSE(MayRead(Reader{1, 12, {}, {}}, object));  // the author's colleague
  EXPECT_TRUE(MayRead(Reader{2, 21, {}, {}}, object));
  EXPECT_FALSE(MayRead(Reader{2, 22, {}, {}}, object));
}

TEST(TlpReshare, RefusesLooseningAndReadersWhoCannotRead) {
  SharedObject source{Audience{Tlp::kAmber, 1, 11, 0, {2}, {}}, {}};
  Reader recipient{2, 21, {}, {}};
  auto looser = Reshare(source, recipient, Audience{Tlp::kGreen, 0, 0, 7, {}, {}});
  ASSERT_FALSE(looser.ok());
  EXPECT_EQ(looser.error().kind, ErrorKind::kInvalid);
  auto stranger = Reshare(source, Reader{5, 51, {}, {}}, Audience{Tlp::kRed, 0, 0, 0, {}, {}});
  ASSERT_FALSE(stranger.ok());
  EXPECT_EQ(stranger.error().kind, ErrorKind::kForbidden);
  auto stricter = Reshare(source, recipient, Audience{Tlp::kAmberStrict, 0, 0, 0, {9}, {}});
  ASSERT_TRUE(stricter.ok());
  EXPECT_EQ(stricter->audience.owner, 2);
  // Org 9 was never a recipient of the original: the reshare does not reach it.
  EXPECT_FALSE(MayRead(Reader{9, 91, {}, {}}, *stricter));
}

TEST(TlpDerive, MustCarryAtLeastTheStrictestSource) {
  Reader author{1, 11, {7}, {}};
  std::vector<SharedObject> sources = {SharedObject{Audience{Tlp::kGreen, 1, 11, 7, {}, {}}, {}},
                                       SharedObject{Audience{Tlp::kAmber, 1, 11, 0, {2}, {}}, {}}};
  EXPECT_EQ(StrictestOf(sources), Tlp::kAmber);
  EXPECT_FALSE(Derive(sources, author, Audience{Tlp::kGreen, 0, 0, 7, {}, {}}).ok());
  auto derived = Derive(sources, author, Audience{Tlp::kAmber, 0, 0, 0, {2}, {}});
  ASSERT_TRUE(derived.ok());
  EXPECT_EQ(derived->inherited.size(), 2u);
}

// ---- The property: the implementation against a plain table of TLP 2.0's definitions ----

// Why someone may be admitted, one column of the table each.
enum Relation : unsigned {
  kAnyone = 1u << 0,
  kOfOwnerOrg = 1u << 1,
  kGroupMember = 1u << 2,
  kOfRecipientOrg = 1u << 3,
  kOfClientOfRecipient = 1u << 4,
  kIsAuthor = 1u << 5,
  kIsNamedRecipient = 1u << 6,
};

// Row per marking, written from FIRST's TLP 2.0 definitions: which relations admit a reader.
constexpr std::array<unsigned, 5> kWhoMayRead = {
    /* CLEAR        */ kAnyone,
    /* GREEN        */ kOfOwnerOrg | kGroupMember,
    /* AMBER        */ kOfOwnerOrg | kOfRecipientOrg | kOfClientOfRecipient,
    /* AMBER+STRICT */ kOfOwnerOrg | kOfRecipientOrg,
    /* RED          */ kIsAuthor | kIsNamedRecipient,
};

struct Person {
  OrgId org;
  PersonId id;
};

// A generated world: who belongs where, as plain tables.
struct World {
  int orgs = 0;
  int groups = 0;
  std::vector<Person> people;
  std::vector<std::vector<bool>> member;     // [org][group]
  std::vector<std::vector<bool>> client_of;  // [org][provider]

  Reader ReaderOf(const Person& person) const {
    Reader reader{person.org, person.id, {}, {}};
    for (int g = 1; g <= groups; ++g) {
      if (member[person.org][g]) reader.groups.push_back(g);
    }
    for (int o = 1; o <= orgs; ++o) {
      if (client_of[person.org][o]) reader.client_of.push_back(o);
    }
    return reader;
  }
};

unsigned RelationsOf(const World& world, const Person& person, const Audience& audience) {
  unsigned relations = kAnyone;
  if (person.org == audience.owner) relations |= kOfOwnerOrg;
  if (audience.group >= 1 && audience.group <= world.groups &&
      world.member[person.org][audience.group]) {
    relations |= kGroupMember;
  }
  for (OrgId recipient : audience.recipient_orgs) {
    if (person.org == recipient) relations |= kOfRecipientOrg;
    if (world.client_of[person.org][recipient]) relations |= kOfClientOfRecipient;
  }
  if (person.org == audience.owner && person.id == audience.author) relations |= kIsAuthor;
  for (PersonId named : audience.named_recipients) {
    if (person.id == named) relations |= kIsNamedRecipient;
  }
  return relations;
}

// The oracle's own record of an object: its audience and the objects it came from.
struct OracleObject {
  Audience audience;
  std::vector<size_t> parents;
};

// Whom the oracle admits to object `index`: the table's row for its own audience, and
// (recursively) everyone its parents admit.
std::set<PersonId> OracleReaders(const World& world, const std::vector<OracleObject>& objects,
                                 size_t index) {
  const OracleObject& object = objects[index];
  std::set<PersonId> readers;
  for (const Person& person : world.people) {
    unsigned row = kWhoMayRead[static_cast<size_t>(object.audience.marking)];
    if ((RelationsOf(world, person, object.audience) & row) != 0) readers.insert(person.id);
  }
  for (size_t parent : object.parents) {
    std::set<PersonId> theirs = OracleReaders(world, objects, parent);
    std::set<PersonId> both;
    for (PersonId id : readers) {
      if (theirs.count(id) != 0) both.insert(id);
    }
    readers = std::move(both);
  }
  return readers;
}

class Generator {
 public:
  explicit Generator(uint64_t seed) : random_(seed) {}

  int Between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
  bool Chance(int percent) { return Between(1, 100) <= percent; }

  World MakeWorld() {
    World world;
    world.orgs = Between(2, 7);
    world.groups = Between(0, 3);
    world.member.assign(world.orgs + 1, std::vector<bool>(world.groups + 1, false));
    world.client_of.assign(world.orgs + 1, std::vector<bool>(world.orgs + 1, false));
    for (int o = 1; o <= world.orgs; ++o) {
      int people = Between(1, 3);
      for (int p = 1; p <= people; ++p) world.people.push_back(Person{o, o * 10 + p});
      for (int g = 1; g <= world.groups; ++g) world.member[o][g] = Chance(50);
      for (int q = 1; q <= world.orgs; ++q) world.client_of[o][q] = q != o && Chance(25);
    }
    return world;
  }

  const Person& AnyPerson(const World& world) {
    return world.people[Between(0, static_cast<int>(world.people.size()) - 1)];
  }

  // A random audience; owner and author are those of `by` (Reshare sets them too).
  Audience MakeAudience(const World& world, const Person& by, Tlp at_least) {
    Audience audience;
    int low = Chance(80) ? static_cast<int>(at_least) : 0;
    audience.marking = static_cast<Tlp>(Between(low, 4));
    audience.owner = by.org;
    audience.author = by.id;
    // Group 0 ("none") and groups that do not exist are part of the space.
    audience.group = Between(0, world.groups + 1);
    int recipients = Between(0, 3);
    for (int i = 0; i < recipients; ++i) audience.recipient_orgs.push_back(Between(1, world.orgs));
    int named = Between(0, 3);
    for (int i = 0; i < named; ++i) audience.named_recipients.push_back(AnyPerson(world).id);
    return audience;
  }

 private:
  std::mt19937_64 random_;
};

TEST(TlpProperty, NoForbiddenReadAndNoAllowedReadRefused) {
  constexpr uint64_t kSeed = 20261206;
  constexpr int64_t kMinimumCases = 200000;
  Generator generate(kSeed);
  int64_t read_cases = 0, reshare_cases = 0, worlds = 0, refused_reshares = 0;
  while (read_cases + reshare_cases < kMinimumCases) {
    ++worlds;
    World world = generate.MakeWorld();
    std::vector<SharedObject> objects;
    std::vector<OracleObject> oracle;
    int roots = generate.Between(2, 5);
    for (int i = 0; i < roots; ++i) {
      const Person& by = generate.AnyPerson(world);
      Audience audience = generate.MakeAudience(world, by, Tlp::kClear);
      objects.push_back(SharedObject{audience, {}});
      oracle.push_back(OracleObject{audience, {}});
    }
    int operations = generate.Between(4, 10);
    for (int i = 0; i < operations; ++i) {
      int count = generate.Chance(60) ? 1 : generate.Between(2, 3);
      std::vector<size_t> picked;
      std::vector<SharedObject> sources;
      Tlp strictest = Tlp::kClear;
      for (int s = 0; s < count; ++s) {
        picked.push_back(generate.Between(0, static_cast<int>(objects.size()) - 1));
        sources.push_back(objects[picked.back()]);
        strictest = Strictest(strictest, oracle[picked.back()].audience.marking);
      }
      // Mostly someone who may read the first source, so that chains grow deep.
      Person by = generate.AnyPerson(world);
      std::set<PersonId> first_readers = OracleReaders(world, oracle, picked[0]);
      if (!first_readers.empty() && generate.Chance(75)) {
        auto it = first_readers.begin();
        std::advance(it, generate.Between(0, static_cast<int>(first_readers.size()) - 1));
        for (const Person& person : world.people) {
          if (person.id == *it) by = person;
        }
      }
      Audience audience = generate.MakeAudience(world, by, strictest);
      bool expect_ok = audience.marking >= strictest;
      for (size_t index : picked) {
        if (OracleReaders(world, oracle, index).count(by.id) == 0) expect_ok = false;
      }
      Reader reader = world.ReaderOf(by);
      Result<SharedObject> made =
          count == 1 ? Reshare(sources[0], reader, audience) : Derive(sources, reader, audience);
      ++reshare_cases;
      ASSERT_EQ(made.ok(), expect_ok)
          << "world " << worlds << ": person " << by.id << " sharing " << count
          << " source(s) further as " << TlpLabel(audience.marking);
      if (!made.ok()) {
        ++refused_reshares;
        continue;
      }
      ASSERT_EQ(made->audience.owner, by.org);
      objects.push_back(*made);
      oracle.push_back(OracleObject{audience, picked});
    }
    for (size_t index = 0; index < objects.size(); ++index) {
      std::set<PersonId> allowed = OracleReaders(world, oracle, index);
      for (const Person& person : world.people) {
        ++read_cases;
        bool may = MayRead(world.ReaderOf(person), objects[index]);
        ASSERT_EQ(may, allowed.count(person.id) != 0)
            << "world " << worlds << ", object " << index << " ("
            << TlpLabel(objects[index].marking()) << ", " << objects[index].inherited.size()
            << " inherited audiences), person " << person.id << " of org " << person.org
            << (may ? ": TLP forbids this read" : ": TLP allows this read");
      }
    }
  }
  std::printf(
      "TLP property: seed %llu, %lld worlds, %lld read cases, %lld reshare/derive cases "
      "(%lld refused), %lld cases in all\n",
      static_cast<unsigned long long>(kSeed), static_cast<long long>(worlds),
      static_cast<long long>(read_cases), static_cast<long long>(reshare_cases),
      static_cast<long long>(refused_reshares), static_cast<long long>(read_cases + reshare_cases));
  EXPECT_GE(read_cases + reshare_cases, kMinimumCases);
  EXPECT_GT(refused_reshares, 0);
  EXPECT_LT(refused_reshares, reshare_cases);
}

}  // namespace
}  // namespace hoshitori::share
