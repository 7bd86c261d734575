// The server-drawn radar chart.
#include "web/radar_svg.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "text_count.h"

namespace hoshitori::web {
namespace {

const RadarLabels kLabels{"Coverage by category", "Yours", "Average"};

TEST(RadarSvg, OneAxisAndOneLabelPerCategory) {
  const std::vector<std::string> categories{"A", "B", "C", "D", "E", "F", "G"};
  const std::string svg =
      RadarSvg(categories, RadarSeries{{1, .5, 0, .25, 1, 1, .75}}, std::nullopt, kLabels);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"radar-title\">Coverage by category</title>"), std::string::npos);
  EXPECT_EQ(Count(svg, "class=\"radar-axis\""), 7u);
  EXPECT_EQ(Count(svg, "class=\"radar-label\""), 7u);
  EXPECT_EQ(Count(svg, "class=\"radar-dot\""), 7u);
  EXPECT_EQ(Count(svg, "<polygon class=\"radar-own\""), 1u);
  EXPECT_EQ(Count(svg, "radar-average"), 0u);  // no average unless given
}

TEST(RadarSvg, FullValueReachesTheOuterRingAndZeroTheCentre) {
  // Axis 0 points straight up from the centre (260,200) with radius 140.
  const std::string svg = RadarSvg({"up", "b", "c"}, RadarSeries{{1, 0, 0}}, std::nullopt, kLabels);
  EXPECT_NE(svg.find("points=\"260.0,60.0 260.0,200.0 260.0,200.0\""), std::string::npos) << svg;
  // Out-of-range values are clamped.
  const std::string clamped =
      RadarSvg({"up", "b", "c"}, RadarSeries{{7, -3, 0}}, std::nullopt, kLabels);
  EXPECT_NE(clamped.find("points=\"260.0,60.0 260.0,200.0 260.0,200.0\""), std::string::npos);
}

TEST(RadarSvg, AverageIsDrawnWhenGivenAndTextIsEscaped) {
  const std::string svg = RadarSvg({"R&D <1>", "b", "c"}, RadarSeries{{.5, .5, .5}},
                                   RadarSeries{{.4, .4, .4}}, kLabels);
  EXPECT_EQ(Count(svg, "<polygon class=\"radar-average\""), 1u);
  EXPECT_NE(svg.find("R&amp;D &lt;1&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("R&D <1>"), std::string::npos);
  EXPECT_NE(svg.find(">Average</text>"), std::string::npos);
}

TEST(RadarSvg, NoCategoriesStillMakesAValidDocument) {
  const std::string svg = RadarSvg({}, RadarSeries{}, std::nullopt, kLabels);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
}


// Long labels wrap into lines (never inside a number or a range) and the viewBox grows to
// hold them, so that no label is cut at the picture's edge.
TEST(RadarSvg, LongLabelsWrapAndTheViewBoxHoldsThem) {
  const std::string svg =
      RadarSvg({"Part 1 基本的対策（1〜5）", "Part 2 従業員としての対策（6〜18）",
                "Part 3 組織としての対策（19〜25）"},
               RadarSeries{{1, 1, 1}}, std::nullopt, kLabels);
  EXPECT_EQ(Count(svg, "class=\"radar-label\""), 3u);
  EXPECT_GT(Count(svg, "<tspan"), 3u) << svg;
  EXPECT_NE(svg.find(">（19〜25）</tspan>"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">（6〜18）</tspan>"), std::string::npos) << svg;
  // The viewBox starts left of the leftmost label's end and is wider than the old 520.
  double left = 0, top = 0, width = 0, height = 0;
  const size_t at = svg.find("viewBox=\"");
  ASSERT_NE(at, std::string::npos);
  ASSERT_EQ(std::sscanf(svg.c_str() + at + 9, "%lf %lf %lf %lf", &left, &top, &width, &height), 4);
  EXPECT_LT(left, 260 - 140 - 12 - 5 * 16);  // "Part 3 組織とし" ends at the lower-left axis
  EXPECT_GT(left + width, 260 + 140 + 12 + 5 * 16);
  EXPECT_GT(height, 280);
}

}  // namespace
}  // namespace hoshitori::web
