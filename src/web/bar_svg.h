// Horizontal stacked bars as an inline SVG, drawn by the server: one bar per row (e.g. per
// tier), one segment per series (e.g. meets / below / unknown / expired). Pure.
#pragma once

#include <string>
#include <vector>

namespace hoshitori::web {

struct BarRow {
  std::string label;
  std::vector<int> values;  // one per series, >= 0
};

struct BarSeries {
  std::string name;       // legend text
  std::string css_class;  // the segment's class (colours live in the stylesheet)
};

// An <svg> with role="img" and `title`; bars are scaled to the largest row total. Text is
// XML-escaped. The page shows the same numbers in a table for screen readers.
std::string StackedBarsSvg(const std::vector<BarRow>& rows, const std::vector<BarSeries>& series,
                           const std::string& title);

}  // namespace hoshitori::web
