// Multi-page A4 documents over the shared text layer (report/pdf_text.h): a report describes
// its pages once, as a function over a PageComposer, and RenderDocument runs that function
// twice — first to learn the characters and the number of pages, then, with the font cut down
// to those characters, to paint. The function must therefore compose the same pages both
// times (a function of the report's values only).
//
// Pages flow top to bottom: the composer keeps a cursor (y); Room(h) starts a new page when h
// points do not fit above the foot. Every page carries a foot line with the document's title
// and "page / pages".
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "report/pdf_text.h"

namespace hoshitori::report {

// A4 in PDF units (points, 1/72 inch) and the report's margins.
inline constexpr double kPageWidth = 595.28;
inline constexpr double kPageHeight = 841.89;
inline constexpr double kMargin = 42;
inline constexpr double kContentWidth = kPageWidth - 2 * kMargin;
// Where content ends: the foot line sits below it.
inline constexpr double kContentBottom = kPageHeight - kMargin - 18;

// Upper bound of pages in one document: a report beyond it is refused rather than rendered
// for minutes (4,000 suppliers take 150 pages).
inline constexpr int kMaxPages = 2000;

struct DocumentInfo {
  std::string title;       // PDF metadata and every page's foot
  std::string author;      // PDF metadata
  std::string created_at;  // ISO 8601 (e.g. "2026-12-06T00:00:00Z"), the PDF's creation date
  std::string font_file_prefix = "hoshitori-report-font";  // see SubsetFonts::Create
};

// A column of a table row: its left edge from the margin and its width, in points. A cell that
// does not wrap (short values: numbers, dates, levels) is taken as one line high without
// being measured, which keeps long tables fast.
struct Column {
  double x;
  double width;
  Align align = Align::kLeft;
  bool wraps = true;
};

// Sets text on the pages of one document. Not thread-safe; owned by one RenderDocument call.
class PageComposer {
 public:
  // Sets `text` at (x, y) within `width` and returns its height; paints in the drawing pass.
  double Text(std::string_view text, const TextStyle& style, double x, double y, double width);
  // The height and width `text` would take, without painting.
  TextBox Measure(std::string_view text, const TextStyle& style, double width);
  // Sets `text` at the cursor across the content width (starting a new page first when it does
  // not fit) and moves the cursor below it, plus `space_after` points.
  void Paragraph(std::string_view text, const TextStyle& style, double space_after = 4);

  // Sets one table row at the cursor (a new page first when it does not fit) and moves the
  // cursor below its tallest cell; `shade` paints a light band behind it. `cells` has one
  // text per column. When the row starts a new page and `head` is given, the head row (in
  // `head_style`) is set above it there.
  void Row(const std::vector<Column>& columns, const std::vector<std::string>& cells,
           const TextStyle& style, bool shade = false,
           const std::vector<std::string>* head = nullptr, const TextStyle* head_style = nullptr);

  // Starts a new page unless `height` points fit between the cursor and kContentBottom;
  // returns whether it started one.
  bool Room(double height);
  void NewPage();

  double y() const { return y_; }
  void Advance(double points) { y_ += points; }
  int page() const { return page_; }
  // True in the painting pass: shapes are drawn with cr() only then.
  bool drawing() const { return draw_; }
  cairo_t* cr() const { return cr_; }

 private:
  friend Result<std::string> RenderDocument(const DocumentInfo&,
                                            const std::function<void(PageComposer&)>&);
  void Foot();

  cairo_t* cr_ = nullptr;
  PangoContext* fonts_ = nullptr;  // nullptr: the system's fonts
  bool draw_ = false;
  double y_ = kMargin;
  int page_ = 1;
  int pages_ = 0;  // known in the painting pass
  const DocumentInfo* info_ = nullptr;
  std::string text_;  // every text set (the characters the document needs)
  bool unknown_glyphs_ = false;
  bool too_long_ = false;  // more than kMaxPages
  double line_size_ = 0;   // the font size line_height_ was measured for
  double line_height_ = 0;
};

// The document `compose` describes, as PDF bytes; kInvalid when some text has a character no
// installed font can show (is fonts-noto-cjk installed?) or the document would pass kMaxPages,
// kInternal when cairo fails. Thread-safe (see SubsetFonts); the same input gives the same
// bytes.
Result<std::string> RenderDocument(const DocumentInfo& info,
                                   const std::function<void(PageComposer&)>& compose);

}  // namespace hoshitori::report
