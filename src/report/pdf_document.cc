#include "report/pdf_document.h"

#include <cairo-pdf.h>

#include <algorithm>
#include <memory>

namespace hoshitori::report {

namespace {

constexpr TextStyle kFootStyle{7.5, 0.45};

Error CairoError(cairo_status_t status) {
  return MakeError(ErrorKind::kInternal, "report failed",
                   std::string("report: cairo failed: ") + cairo_status_to_string(status));
}

}  // namespace

double PageComposer::Text(std::string_view text, const TextStyle& style, double x, double y,
                          double width) {
  const TextBox box = SetText(cr_, fonts_, text, style, x, y, width, draw_);
  if (!draw_) text_.append(text);
  unknown_glyphs_ = unknown_glyphs_ || box.unknown_glyphs;
  return box.height;
}

TextBox PageComposer::Measure(std::string_view text, const TextStyle& style, double width) {
  const TextBox box = SetText(cr_, fonts_, text, style, 0, 0, width, false);
  if (!draw_) text_.append(text);
  unknown_glyphs_ = unknown_glyphs_ || box.unknown_glyphs;
  return box;
}

void PageComposer::Paragraph(std::string_view text, const TextStyle& style, double space_after) {
  const double height = Measure(text, style, kContentWidth).height;
  Room(height);
  y_ += Text(text, style, kMargin, y_, kContentWidth) + space_after;
}

void PageComposer::Row(const std::vector<Column>& columns, const std::vector<std::string>& cells,
                       const TextStyle& style, bool shade, const std::vector<std::string>* head,
                       const TextStyle* head_style) {
  if (line_size_ != style.size) {
    line_size_ = style.size;
    line_height_ = Measure("Ag", style, kContentWidth).height;
  }
  double height = line_height_;
  for (size_t i = 0; i < columns.size() && i < cells.size(); ++i) {
    if (columns[i].wraps)
      height = std::max(height, Measure(cells[i], style, columns[i].width).height);
  }
  if (Room(height + 4) && head) Row(columns, *head, head_style ? *head_style : style);
  if (shade && draw_) {
    cairo_set_source_rgb(cr_, 0.94, 0.95, 0.97);
    cairo_rectangle(cr_, kMargin - 2, y_ - 1, kContentWidth + 4, height + 3);
    cairo_fill(cr_);
  }
  for (size_t i = 0; i < columns.size() && i < cells.size(); ++i) {
    Text(cells[i], {style.size, style.grey, columns[i].align}, kMargin + columns[i].x, y_,
         columns[i].width);
  }
  y_ += height + 4;
}

bool PageComposer::Room(double height) {
  if (y_ + height <= kContentBottom || y_ <= kMargin) return false;
  NewPage();
  return true;
}

void PageComposer::NewPage() {
  Foot();
  if (draw_) cairo_show_page(cr_);
  if (page_ >= kMaxPages) too_long_ = true;
  ++page_;
  y_ = kMargin;
}

void PageComposer::Foot() {
  if (too_long_) return;
  const double y = kContentBottom + 8;
  if (draw_) {
    cairo_set_source_rgb(cr_, 0.75, 0.75, 0.75);
    cairo_set_line_width(cr_, 0.5);
    cairo_move_to(cr_, kMargin, y - 3);
    cairo_line_to(cr_, kMargin + kContentWidth, y - 3);
    cairo_stroke(cr_);
  }
  Text(info_->title, kFootStyle, kMargin, y, kContentWidth * 0.75);
  // The first pass does not know the count yet; its digits are the same characters.
  const std::string number =
      std::to_string(page_) + " / " + std::to_string(draw_ ? pages_ : page_) + " 0123456789";
  Text(draw_ ? number.substr(0, number.rfind(' ')) : number,
       {kFootStyle.size, kFootStyle.grey, Align::kRight}, kMargin, y, kContentWidth);
}

Result<std::string> RenderDocument(const DocumentInfo& info,
                                   const std::function<void(PageComposer&)>& compose) {
  const auto rendering = LockPdfRendering();  // first made, last released
  // Declared before the surface: the cut-down font's file must outlive it (cairo reads the
  // font when the surface finishes, also when an error return destroys it).
  std::unique_ptr<SubsetFonts> fonts;
  std::string pdf;
  std::unique_ptr<cairo_surface_t, CairoSurfaceDeleter> surface(
      cairo_pdf_surface_create_for_stream(AppendToString, &pdf, kPageWidth, kPageHeight));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return CairoError(cairo_surface_status(surface.get()));
  }
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE,
                                 info.created_at.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_MOD_DATE,
                                 info.created_at.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, info.title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR, info.author.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Hoshitori");
  std::unique_ptr<cairo_t, CairoDeleter> cr(cairo_create(surface.get()));

  // First pass, with the system's fonts: the characters, the glyph check and the page count.
  PageComposer measure;
  measure.cr_ = cr.get();
  measure.info_ = &info;
  compose(measure);
  measure.Foot();
  if (measure.unknown_glyphs_) {
    return MakeError(ErrorKind::kInvalid, "invalid report",
                     "report: some text holds characters no installed font can show (is "
                     "fonts-noto-cjk installed?) / 表示できない文字が含まれています");
  }
  if (measure.too_long_) {
    return MakeError(ErrorKind::kInvalid, "report too long",
                     "report: more than " + std::to_string(kMaxPages) +
                         " pages; narrow the selection / " + std::to_string(kMaxPages) +
                         " ページを超えるため作成できません。対象を絞ってください");
  }

  // Second pass, with the font cut down to those characters: paint.
  fonts = SubsetFonts::Create(measure.text_, info.font_file_prefix);
  PageComposer paint;
  paint.cr_ = cr.get();
  paint.info_ = &info;
  paint.draw_ = true;
  paint.pages_ = measure.page_;
  if (fonts) {
    paint.fonts_ = fonts->context();
    pango_cairo_update_context(cr.get(), paint.fonts_);
  }
  compose(paint);
  paint.Foot();
  cairo_show_page(cr.get());
  cr.reset();
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return CairoError(cairo_surface_status(surface.get()));
  }
  if (paint.unknown_glyphs_) {
    return MakeError(ErrorKind::kInternal, "report failed",
                     "report: the cut-down font lacks a character the document uses");
  }
  return pdf;
}

}  // namespace hoshitori::report
