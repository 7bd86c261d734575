// Whole numbers in query parameters: ASCII or full-width digits within the range; anything
// else is an error that names the parameter and its range.
#include "core/query_parameter.h"

#include <gtest/gtest.h>

#include <vector>

namespace hoshitori {
namespace {

TEST(IntQueryParameter, DigitsAsTypedWithinTheRangeAndErrorsNamingTheParameter) {
  const auto read = [](const std::string& value) {
    return IntQueryParameter({{"page", value}}, "page", 1, 1000, 7);
  };
  EXPECT_EQ(*IntQueryParameter({}, "page", 1, 1000, 7), 7);
  EXPECT_EQ(*read(""), 7);
  EXPECT_EQ(*read("12"), 12);
  EXPECT_EQ(*read("１２"), 12);  // full-width, as a Japanese keyboard types them
  EXPECT_EQ(*read("1000"), 1000);
  for (const std::string& bad : std::vector<std::string>{"0", "1001", "-1", "1.5", "12a", "一二", "99999999999999999999", " 12", "１２ ",
                                std::string(100, '1')}) {
    const auto value = read(bad);
    ASSERT_FALSE(value.ok()) << bad;
    EXPECT_EQ(value.error().message, "page must be a whole number from 1 to 1000") << bad;
  }
}

}  // namespace
}  // namespace hoshitori
