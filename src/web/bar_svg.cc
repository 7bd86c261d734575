#include "web/bar_svg.h"

#include <algorithm>
#include <cstdio>

#include "web/radar_svg.h"

namespace hoshitori::web {

namespace {

constexpr double kLeft = 90, kWidth = 400, kRowHeight = 28, kBarHeight = 18, kTop = 10;

std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

// Roughly how wide `text` is at 13 px: narrow Latin letters, full-width CJK.
double TextWidth(const std::string& text) {
  double width = 0;
  for (unsigned char c : text) {
    if (c < 0x80)
      width += 7.2;
    else if (c >= 0xC0)
      width += 13;  // the lead byte of a multi-byte character
  }
  return width;
}

}  // namespace

std::string StackedBarsSvg(const std::vector<BarRow>& rows, const std::vector<BarSeries>& series,
                           const std::string& title) {
  int largest = 0;
  for (const BarRow& row : rows) {
    int total = 0;
    for (int v : row.values) total += std::max(v, 0);
    largest = std::max(largest, total);
  }
  // The legend wraps onto as many lines as it needs below the bars.
  const double legend_top = kTop + kRowHeight * static_cast<double>(rows.size()) + 14;
  std::vector<std::pair<double, double>> legend_at;  // x, y per series
  double lx = 10, ly = legend_top;
  for (const BarSeries& s : series) {
    const double width = 16 + TextWidth(s.name) + 16;
    if (lx > 10 && lx + width > 510) {
      lx = 10;
      ly += 20;
    }
    legend_at.emplace_back(lx, ly);
    lx += width;
  }
  const double height = ly + 24;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bars\" viewBox=\"0 0 520 " +
                    Number(height) +
                    "\" role=\"img\" aria-labelledby=\"bars-title\"><title id=\"bars-title\">" +
                    EscapeXml(title) + "</title>";
  for (size_t r = 0; r < rows.size(); ++r) {
    const double y = kTop + kRowHeight * static_cast<double>(r);
    svg += "<text class=\"bars-label\" x=\"" + Number(kLeft - 8) + "\" y=\"" +
           Number(y + kBarHeight - 4) + "\" text-anchor=\"end\">" + EscapeXml(rows[r].label) +
           "</text>";
    double x = kLeft;
    int total = 0;
    for (size_t s = 0; s < series.size() && s < rows[r].values.size(); ++s) {
      const int value = std::max(rows[r].values[s], 0);
      total += value;
      if (value == 0 || largest == 0) continue;
      const double width = kWidth * value / largest;
      svg += "<rect class=\"" + EscapeXml(series[s].css_class) + "\" x=\"" + Number(x) + "\" y=\"" +
             Number(y) + "\" width=\"" + Number(width) + "\" height=\"" + Number(kBarHeight) +
             "\"><title>" + EscapeXml(series[s].name) + ": " + std::to_string(value) +
             "</title></rect>";
      x += width;
    }
    svg += "<text class=\"bars-total\" x=\"" + Number(x + 6) + "\" y=\"" +
           Number(y + kBarHeight - 4) + "\">" + std::to_string(total) + "</text>";
  }
  for (size_t i = 0; i < series.size(); ++i) {
    const auto [x, y] = legend_at[i];
    svg += "<rect class=\"" + EscapeXml(series[i].css_class) + "\" x=\"" + Number(x) + "\" y=\"" +
           Number(y) + "\" width=\"12\" height=\"12\"/><text class=\"bars-legend\" x=\"" +
           Number(x + 16) + "\" y=\"" + Number(y + 11) + "\">" + EscapeXml(series[i].name) +
           "</text>";
  }
  svg += "</svg>";
  return svg;
}

}  // namespace hoshitori::web
