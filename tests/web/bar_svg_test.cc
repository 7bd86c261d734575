// The server-drawn stacked bar chart (compliance by tier).
#include "web/bar_svg.h"

#include <gtest/gtest.h>

#include "text_count.h"

namespace hoshitori::web {
namespace {

const std::vector<BarSeries> kSeries{{"meets", "bar-meets"}, {"below", "bar-below"}};

TEST(StackedBarsSvg, SegmentsScaleToTheLargestRow) {
  const std::string svg =
      StackedBarsSvg({{"tier 1", {3, 1}}, {"tier 2", {0, 2}}}, kSeries, "By tier");
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("<title id=\"bars-title\">By tier</title>"), std::string::npos);
  // Tier 1 totals 4 (the largest): 3 of 4 of 400 px, then 1 of 4.
  EXPECT_NE(svg.find("x=\"90.0\" y=\"10.0\" width=\"300.0\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("x=\"390.0\" y=\"10.0\" width=\"100.0\""), std::string::npos);
  // Tier 2 has no "meets" segment, and a "below" segment of 2 of 4.
  EXPECT_NE(svg.find("x=\"90.0\" y=\"38.0\" width=\"200.0\""), std::string::npos);
  EXPECT_EQ(Count(svg, "class=\"bar-meets\""), 2u);  // one segment plus the legend
  EXPECT_EQ(Count(svg, "class=\"bar-below\""), 3u);
  EXPECT_NE(svg.find("<title>below: 2</title>"), std::string::npos);
}

TEST(StackedBarsSvg, EmptyAndEscaped) {
  EXPECT_NE(StackedBarsSvg({}, kSeries, "t").find("</svg>"), std::string::npos);
  const std::string svg = StackedBarsSvg({{"<1>", {0, 0}}}, {{"a&b", "x"}}, "t");
  EXPECT_NE(svg.find("&lt;1&gt;"), std::string::npos);
  EXPECT_NE(svg.find("a&amp;b"), std::string::npos);
  EXPECT_EQ(svg.find("<rect class=\"x\" x=\"90.0\""), std::string::npos);  // zero draws nothing
}

}  // namespace
}  // namespace hoshitori::web
