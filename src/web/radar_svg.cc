#include "web/radar_svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hoshitori::web {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kCenterX = 260, kCenterY = 200, kRadius = 140;

std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

// The point at fraction `value` of the radius on axis `i` of `n` (axis 0 points up).
std::pair<double, double> Point(size_t i, size_t n, double value) {
  const double angle =
      -kPi / 2 + 2 * kPi * static_cast<double>(i) / static_cast<double>(std::max<size_t>(n, 1));
  return {kCenterX + kRadius * value * std::cos(angle),
          kCenterY + kRadius * value * std::sin(angle)};
}

std::string Polygon(const std::vector<double>& values, size_t n) {
  std::string points;
  for (size_t i = 0; i < n; ++i) {
    const double v = std::clamp(i < values.size() ? values[i] : 0.0, 0.0, 1.0);
    const auto [x, y] = Point(i, n, v);
    if (!points.empty()) points += ' ';
    points += Number(x) + "," + Number(y);
  }
  return points;
}

}  // namespace

std::string EscapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string RadarSvg(const std::vector<std::string>& categories, const RadarSeries& own,
                     const std::optional<RadarSeries>& average, const RadarLabels& labels) {
  const size_t n = categories.size();
  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"radar\" viewBox=\"0 0 520 420\" "
      "role=\"img\" "
      "aria-labelledby=\"radar-title\"><title id=\"radar-title\">" +
      EscapeXml(labels.title) + "</title>";
  // Rings at 25 %, 50 %, 75 % and 100 %.
  for (int ring = 1; ring <= 4; ++ring) {
    svg += "<polygon class=\"radar-ring\" points=\"" +
           Polygon(std::vector<double>(n, ring / 4.0), n) + "\"/>";
  }
  for (size_t i = 0; i < n; ++i) {
    const auto [x, y] = Point(i, n, 1.0);
    svg += "<line class=\"radar-axis\" x1=\"" + Number(kCenterX) + "\" y1=\"" + Number(kCenterY) +
           "\" x2=\"" + Number(x) + "\" y2=\"" + Number(y) + "\"/>";
    const auto [lx, ly] = Point(i, n, 1.12);
    const char* anchor = lx < kCenterX - 5 ? "end" : lx > kCenterX + 5 ? "start" : "middle";
    svg += "<text class=\"radar-label\" x=\"" + Number(lx) + "\" y=\"" + Number(ly + 4) +
           "\" text-anchor=\"" + anchor + "\">" + EscapeXml(categories[i]) + "</text>";
  }
  if (average) {
    svg += "<polygon class=\"radar-average\" points=\"" + Polygon(average->values, n) + "\"/>";
  }
  svg += "<polygon class=\"radar-own\" points=\"" + Polygon(own.values, n) + "\"/>";
  for (size_t i = 0; i < n; ++i) {
    const auto [x, y] =
        Point(i, n, std::clamp(i < own.values.size() ? own.values[i] : 0.0, 0.0, 1.0));
    svg +=
        "<circle class=\"radar-dot\" cx=\"" + Number(x) + "\" cy=\"" + Number(y) + "\" r=\"3.5\"/>";
  }
  // Legend.
  svg +=
      "<rect class=\"radar-own\" x=\"10\" y=\"392\" width=\"14\" height=\"14\"/><text "
      "class=\"radar-legend\" x=\"30\" "
      "y=\"404\">" +
      EscapeXml(labels.own_legend) + "</text>";
  if (average) {
    svg +=
        "<rect class=\"radar-average\" x=\"200\" y=\"392\" width=\"14\" height=\"14\"/><text "
        "class=\"radar-legend\" "
        "x=\"220\" y=\"404\">" +
        EscapeXml(labels.average_legend) + "</text>";
  }
  svg += "</svg>";
  return svg;
}

}  // namespace hoshitori::web
