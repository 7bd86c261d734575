// Radar (spider) chart of per-category results as an inline SVG, drawn by the server.
// Pure: values in, markup out.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace hoshitori::web {

struct RadarSeries {
  std::vector<double> values;  // one per category, 0..1 (clamped)
};

struct RadarLabels {
  std::string title;           // the chart's accessible name (<title>)
  std::string own_legend;      // e.g. "自社" / "Your company"
  std::string average_legend;  // e.g. "業種平均" / "Industry average"
};

// An <svg> radar chart with one axis per category (`categories` are the axis labels, in
// order), a filled polygon for `own` and, when given, a dashed polygon for `average`.
// Fewer than 3 categories still draw (as a line or a point). Text is XML-escaped. The
// chart is decorative for screen readers only in combination with the data table the
// page shows next to it; it carries role="img" and a <title>.
std::string RadarSvg(const std::vector<std::string>& categories, const RadarSeries& own,
                     const std::optional<RadarSeries>& average, const RadarLabels& labels);

// `text` with &, <, >, " and ' replaced by entities.
std::string EscapeXml(std::string_view text);

}  // namespace hoshitori::web
