#include "web/radar_svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <vector>

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

// Text is set at kFontSize user units; the page scales the picture so that this stays
// readable (web/static/app.css gives the chart its width).
constexpr double kFontSize = 16;
constexpr double kLabelGap = 12;                 // between the outer ring and a label
constexpr double kMaxLineWidth = 9 * kFontSize;  // a label wraps beyond this
constexpr size_t kMaxLines = 5;  // and is shortened with "…" beyond this many lines
constexpr double kMargin = 6;

// One UTF-8 code point of `text` from `at`: its bytes and its code.
std::pair<size_t, char32_t> CodePoint(std::string_view text, size_t at) {
  const auto byte = static_cast<unsigned char>(text[at]);
  const size_t length = byte < 0x80    ? 1
                        : byte >= 0xF0 ? 4
                        : byte >= 0xE0 ? 3
                        : byte >= 0xC0 ? 2
                                       : 1;
  const size_t have = std::min(length, text.size() - at);
  char32_t code = length == 1 ? byte : byte & (0x3F >> (length - 1));
  for (size_t k = 1; k < have; ++k)
    code = (code << 6) | (static_cast<unsigned char>(text[at + k]) & 0x3F);
  return {have, code};
}

// A safe over-estimate of a code point's advance: East Asian wide characters take a full em,
// others at most 0.62 em (the fonts' Latin letters and digits are narrower on average).
double Advance(char32_t code) { return (code >= 0x1100 ? 1.0 : 0.62) * kFontSize; }

double TextWidth(std::string_view text) {
  double width = 0;
  for (size_t at = 0; at < text.size();) {
    const auto [length, code] = CodePoint(text, at);
    width += Advance(code);
    at += length;
  }
  return width;
}

// Characters that must not start a line (Japanese line-breaking rules, kinsoku).
bool NoLineStart(char32_t code) {
  return code == U'、' || code == U'。' || code == U'）' || code == U'」' || code == U'・' ||
         code == U'ー' || code == U'〜' || code == U'～' || code == U',' || code == U'.' ||
         code == U')' || code == U':';
}

// Opening brackets (and range dashes), which must not end a line.
bool NoLineEnd(char32_t code) {
  return code == U'（' || code == U'「' || code == U'(' || code == U'【' || code == U'［' ||
         code == U'〜' || code == U'～';  // and a range's dash: "19〜25" stays whole
}

// The last code point of non-empty UTF-8 `text`.
char32_t LastCodePoint(std::string_view text) {
  size_t at = text.size() - 1;
  while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
  return CodePoint(text, at).second;
}

// `text` in lines of at most kMaxLineWidth, at most kMaxLines of them. A line breaks at a
// space, or between two wide characters, never inside a run of narrow characters ("19",
// "Part") unless the run alone is wider than a line, and never before a character that may
// not start a line.
std::vector<std::string> WrapLabel(std::string_view text) {
  // Units that stay together: a run of narrow non-space characters, or one wide character
  // (with any closing punctuation after it).
  struct Unit {
    std::string text;
    double width = 0;
    bool space_before = false;
  };
  std::vector<Unit> units;
  bool space = false;
  for (size_t at = 0; at < text.size();) {
    const auto [length, code] = CodePoint(text, at);
    const std::string piece(text.substr(at, length));
    at += length;
    if (code == ' ') {
      space = true;
      continue;
    }
    const bool narrow = code < 0x1100;
    const bool after_opening = !units.empty() && NoLineEnd(LastCodePoint(units.back().text));
    const bool joins = !units.empty() && !space &&
                       (NoLineStart(code) || after_opening ||
                        (narrow && static_cast<unsigned char>(units.back().text.back()) < 0x80));
    if (joins) {
      units.back().text += piece;
      units.back().width += Advance(code);
    } else {
      units.push_back(Unit{piece, Advance(code), space});
    }
    space = false;
  }
  std::vector<std::string> lines;
  double width = 0;
  for (const Unit& unit : units) {
    const double gap = unit.space_before ? Advance(U' ') : 0;
    if (lines.empty() || width + gap + unit.width > kMaxLineWidth) {
      lines.push_back(unit.text);
      width = unit.width;
    } else {
      if (unit.space_before) lines.back() += ' ';
      lines.back() += unit.text;
      width += gap + unit.width;
    }
  }
  if (lines.empty()) lines.emplace_back();
  if (lines.size() > kMaxLines) {
    lines.resize(kMaxLines);
    lines.back() += "…";
  }
  return lines;
}

// The extent of what is drawn.
struct Box {
  double min_x = 1e9, min_y = 1e9, max_x = -1e9, max_y = -1e9;
  void Add(double x, double y) {
    min_x = std::min(min_x, x);
    min_y = std::min(min_y, y);
    max_x = std::max(max_x, x);
    max_y = std::max(max_y, y);
  }
};

// The label of axis `i` of `n`, outside the outer ring, wrapped, its extent added to `box`.
// Labels on the left end at their point, on the right start there, at the top and bottom
// they are centred; above the centre they grow upwards, below it downwards.
std::string Label(std::string_view text, size_t i, size_t n, Box& box) {
  const auto [ax, ay] = Point(i, n, 1.0);
  const double dx = ax - kCenterX, dy = ay - kCenterY;
  const double length = std::max(1.0, std::hypot(dx, dy));
  const double lx = ax + dx / length * kLabelGap, ly = ay + dy / length * kLabelGap;
  const std::vector<std::string> lines = WrapLabel(text);
  double widest = 0;
  for (const std::string& line : lines) widest = std::max(widest, TextWidth(line));
  const char* anchor = lx < kCenterX - 5 ? "end" : lx > kCenterX + 5 ? "start" : "middle";
  const double left = anchor[0] == 'e' ? lx - widest : anchor[0] == 's' ? lx : lx - widest / 2;
  const double line_height = 1.2 * kFontSize;
  const double block = line_height * static_cast<double>(lines.size());
  // The top of the block of lines.
  const double top = dy < -length * 0.5 ? ly - block : dy > length * 0.5 ? ly : ly - block / 2;
  box.Add(left, top);
  box.Add(left + widest, top + block);
  std::string out = "<text class=\"radar-label\" x=\"" + Number(lx) + "\" y=\"" +
                    Number(top + 0.9 * kFontSize) + "\" text-anchor=\"" + anchor + "\">";
  for (size_t k = 0; k < lines.size(); ++k) {
    out += "<tspan x=\"" + Number(lx) + "\"" +
           (k == 0 ? std::string() : " dy=\"" + Number(line_height) + "\"") + ">" +
           EscapeXml(lines[k]) + "</tspan>";
  }
  return out + "</text>";
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
  // Everything drawn is collected first so that the viewBox can enclose it all: labels of
  // any length stay inside the picture instead of being cut at its edge.
  Box box;
  // At least room for short labels on both sides, so that a chart of short labels is not
  // blown up to the page's width.
  box.Add(kCenterX - kRadius - 4 * kFontSize, kCenterY - kRadius);
  box.Add(kCenterX + kRadius + 4 * kFontSize, kCenterY + kRadius);
  std::string body;
  // Rings at 25 %, 50 %, 75 % and 100 %.
  for (int ring = 1; ring <= 4; ++ring) {
    body += "<polygon class=\"radar-ring\" points=\"" +
            Polygon(std::vector<double>(n, ring / 4.0), n) + "\"/>";
  }
  for (size_t i = 0; i < n; ++i) {
    const auto [x, y] = Point(i, n, 1.0);
    body += "<line class=\"radar-axis\" x1=\"" + Number(kCenterX) + "\" y1=\"" + Number(kCenterY) +
            "\" x2=\"" + Number(x) + "\" y2=\"" + Number(y) + "\"/>";
    body += Label(categories[i], i, n, box);
  }
  if (average) {
    body += "<polygon class=\"radar-average\" points=\"" + Polygon(average->values, n) + "\"/>";
  }
  body += "<polygon class=\"radar-own\" points=\"" + Polygon(own.values, n) + "\"/>";
  for (size_t i = 0; i < n; ++i) {
    const auto [x, y] =
        Point(i, n, std::clamp(i < own.values.size() ? own.values[i] : 0.0, 0.0, 1.0));
    body +=
        "<circle class=\"radar-dot\" cx=\"" + Number(x) + "\" cy=\"" + Number(y) + "\" r=\"3.5\"/>";
  }
  // Legend, under everything else, from the left edge of the picture.
  const double legend_y = box.max_y + 0.8 * kFontSize;
  const double legend_x = box.min_x;
  double x = legend_x;
  auto legend = [&](const char* css, const std::string& text) {
    body += "<rect class=\"" + std::string(css) + "\" x=\"" + Number(x) + "\" y=\"" +
            Number(legend_y) + "\" width=\"14\" height=\"14\"/><text class=\"radar-legend\" x=\"" +
            Number(x + 20) + "\" y=\"" + Number(legend_y + 12.5) + "\">" + EscapeXml(text) +
            "</text>";
    const double width = 20 + TextWidth(text);
    box.Add(x + width, legend_y + 14 + 0.3 * kFontSize);
    x += width + 1.5 * kFontSize;
  };
  legend("radar-own", labels.own_legend);
  if (average) legend("radar-average", labels.average_legend);

  const double left = box.min_x - kMargin, top = box.min_y - kMargin;
  const double width = box.max_x - box.min_x + 2 * kMargin;
  const double height = box.max_y - box.min_y + 2 * kMargin;
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"radar\" viewBox=\"" + Number(left) +
         " " + Number(top) + " " + Number(width) + " " + Number(height) + "\" font-size=\"" +
         Number(kFontSize) +
         "\" role=\"img\" "
         "aria-labelledby=\"radar-title\"><title id=\"radar-title\">" +
         EscapeXml(labels.title) + "</title>" + body + "</svg>";
}

}  // namespace hoshitori::web
