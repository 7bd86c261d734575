// Checks shared by the version scheme tests: ordering tables, invalid values, and
// rapidcheck properties that any total order must have.
#pragma once

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <string>
#include <vector>

#include "sbom/version.h"

namespace hoshitori::sbom::testing {

// `table` lists versions in ascending order; the versions of one row are equal. Every pair
// is compared both ways through CompareVersions.
inline void ExpectAscending(VersionScheme scheme,
                            const std::vector<std::vector<std::string>>& table) {
  for (size_t i = 0; i < table.size(); ++i) {
    for (size_t j = 0; j < table.size(); ++j) {
      for (const std::string& a : table[i]) {
        for (const std::string& b : table[j]) {
          auto order = CompareVersions(scheme, a, b);
          ASSERT_TRUE(order) << order.error().message;
          const int expected = i < j ? -1 : (i > j ? 1 : 0);
          const int sign = *order < 0 ? -1 : (*order > 0 ? 1 : 0);
          EXPECT_EQ(sign, expected)
              << VersionSchemeName(scheme) << ": '" << a << "' vs '" << b << "'";
        }
      }
    }
  }
}

// Each value is refused with a kInvalid error that names the scheme and the value.
inline void ExpectInvalid(VersionScheme scheme, const std::vector<std::string>& values) {
  for (const std::string& value : values) {
    auto order = CompareVersions(scheme, value, value);
    ASSERT_FALSE(order) << VersionSchemeName(scheme) << " accepted '" << value << "'";
    EXPECT_EQ(order.error().kind, ErrorKind::kInvalid);
    EXPECT_NE(order.error().message.find(std::string(VersionSchemeName(scheme))), std::string::npos)
        << order.error().message;
    EXPECT_NE(order.error().message.find("'" + value.substr(0, 40)), std::string::npos)
        << order.error().message;
  }
}

// A generator of versions: one piece from each list, concatenated. Small lists make equal
// and near-equal versions common, which is where orders go wrong.
inline rc::Gen<std::string> Pieces(std::vector<std::vector<std::string>> lists) {
  return rc::gen::exec([lists] {
    std::string out;
    for (const auto& list : lists) out += *rc::gen::elementOf(list);
    return out;
  });
}

// Reflexive, antisymmetric and transitive on generated versions; all of them parse.
inline void ExpectTotalOrder(VersionScheme scheme, const rc::Gen<std::string>& versions) {
  const bool ok = rc::check(std::string(VersionSchemeName(scheme)) + " is a total order", [&] {
    const std::string a = *versions, b = *versions, c = *versions;
    const auto sign = [&](const std::string& x, const std::string& y) {
      auto order = CompareVersions(scheme, x, y);
      RC_ASSERT(order.ok());
      return *order < 0 ? -1 : (*order > 0 ? 1 : 0);
    };
    RC_ASSERT(sign(a, a) == 0);
    RC_ASSERT(sign(a, b) == -sign(b, a));
    if (sign(a, b) <= 0 && sign(b, c) <= 0) RC_ASSERT(sign(a, c) <= 0);
    if (sign(a, b) == 0) RC_ASSERT(sign(a, c) == sign(b, c));
  });
  EXPECT_TRUE(ok);
}

}  // namespace hoshitori::sbom::testing
