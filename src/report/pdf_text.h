// The text layer every Hoshitori PDF shares (the certificate and the reports): one face, Noto
// Sans CJK JP (Debian: fonts-noto-cjk), set by pango on a cairo PDF surface, and cut down by
// HarfBuzz to the characters a document uses before cairo embeds it.
//
// Why the font is cut down here and not by cairo: cairo 1.16 (Debian 12) subsets a CFF font
// itself, and when it cannot follow a glyph's subroutines it embeds all of them — with Noto
// Sans CJK about 0.9 MB a page, for many common character sequences. HarfBuzz's subsetter
// writes the document's glyphs without subroutines, so cairo has nothing to misread and the
// embedded font is a few KB.
//
// A document is therefore set twice: first with the system's fonts, to learn which characters
// it needs and whether every one has a glyph (SetText reports unknown glyphs), then with the
// SubsetFonts made from those characters, to measure and paint. Both passes use the same face,
// so they measure alike.
#pragma once

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace hoshitori::report {

// The one face of all text, regular weight only: one font to cut down per document.
inline constexpr char kFontFamily[] = "Noto Sans CJK JP";

struct CairoSurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct CairoDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
struct GObjectDeleter {
  void operator()(void* object) const { g_object_unref(object); }
};
struct FontDescriptionDeleter {
  void operator()(PangoFontDescription* description) const {
    pango_font_description_free(description);
  }
};

// Held for the whole of one PDF render, from before its surface is made until after its
// surface and SubsetFonts are gone: one render at a time in the process. cairo 1.16 (Debian 12)
// shares its font caches between surfaces and is not safe when two threads set or finish
// text at once — four threads rendering certificates crashed in cairo_show_page within a few
// dozen tries (tests/assure/certificate_test.cc, SameFactsGiveTheSameBytesAcrossThreads).
// A render takes tens of milliseconds, so waiting in turn costs little.
[[nodiscard]] std::unique_lock<std::mutex> LockPdfRendering();

// A cairo write function that appends to the std::string `closure` points to.
cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length);

enum class Align { kLeft, kCenter, kRight };

struct TextStyle {
  double size;        // points
  double grey = 0.1;  // 0 black .. 1 white
  Align align = Align::kLeft;
};

struct TextBox {
  double width = 0;             // of the widest line, points
  double height = 0;            // points
  bool unknown_glyphs = false;  // some character has no glyph in any font pango found
};

// Lays `text` out in `style` within `width` points, wrapping at words (or characters where a
// word is longer than the line), and paints it with its top left at (x, y) when `draw`. `fonts`
// is the context to set the text with; nullptr uses the system's fonts through `cr`. Text is
// set as plain text, never as pango markup.
TextBox SetText(cairo_t* cr, PangoContext* fonts, std::string_view text, const TextStyle& style,
                double x, double y, double width, bool draw);

// The family's font cut down to the characters of one document, as a private pango context.
//
// The subset lives in a file of its own (fontconfig and cairo find fonts by path) whose name
// is never reused, since cairo caches fonts by path; the file must outlive the PDF surface and
// is removed by the destructor. Not thread-safe: make and use it under LockPdfRendering().
class SubsetFonts {
 public:
  // The fonts for the characters of `text`, or nullptr when the font is not installed or
  // cannot be cut down (the caller then sets the text with the system's fonts: a larger PDF,
  // the same pages). The file's name starts with `file_prefix` followed by "-", the process
  // id and "-".
  static std::unique_ptr<SubsetFonts> Create(std::string_view text, std::string_view file_prefix);

  SubsetFonts(const SubsetFonts&) = delete;
  SubsetFonts& operator=(const SubsetFonts&) = delete;
  ~SubsetFonts();

  PangoContext* context() const { return context_; }

 private:
  SubsetFonts() = default;
  bool WriteFile(std::string_view bytes, std::string_view file_prefix);

  std::string path_;
  FcConfig* config_ = nullptr;
  PangoContext* context_ = nullptr;
};

}  // namespace hoshitori::report
