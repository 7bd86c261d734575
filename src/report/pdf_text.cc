#include "report/pdf_text.h"

#include <fcntl.h>
#include <harfbuzz/hb-subset.h>
#include <pango/pangofc-fontmap.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace hoshitori::report {

namespace {

// The file and face index of the family's regular font, and its bytes (mapped, shared
// read-only by all threads for the life of the process); blob is null when the font is not
// installed.
struct SourceFont {
  hb_blob_t* blob = nullptr;
  unsigned index = 0;
};

const SourceFont& FamilySourceFont() {
  static const SourceFont font = [] {
    SourceFont found;
    FcPattern* pattern = FcPatternCreate();
    FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8*>(kFontFamily));
    FcPatternAddInteger(pattern, FC_WEIGHT, FC_WEIGHT_REGULAR);
    FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result = FcResultNoMatch;
    FcPattern* match = FcFontMatch(nullptr, pattern, &result);
    FcChar8* family = nullptr;
    FcChar8* file = nullptr;
    int index = 0;
    if (match && FcPatternGetString(match, FC_FAMILY, 0, &family) == FcResultMatch &&
        std::strcmp(reinterpret_cast<const char*>(family), kFontFamily) == 0 &&
        FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
        FcPatternGetInteger(match, FC_INDEX, 0, &index) == FcResultMatch) {
      found.blob = hb_blob_create_from_file_or_fail(reinterpret_cast<const char*>(file));
      found.index = static_cast<unsigned>(index);
    }
    if (match) FcPatternDestroy(match);
    FcPatternDestroy(pattern);
    return found;
  }();
  return font;
}

// A font map per thread, given each document's font in turn: a font map made and dropped per
// document leaks about 4 KB each time (pango 1.50), and one map must not serve two threads at
// once.
PangoFontMap* ThreadFontMap() {
  thread_local const std::unique_ptr<PangoFontMap, GObjectDeleter> font_map(
      pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT));
  return font_map.get();
}

PangoAlignment PangoAlignmentOf(Align align) {
  switch (align) {
    case Align::kCenter:
      return PANGO_ALIGN_CENTER;
    case Align::kRight:
      return PANGO_ALIGN_RIGHT;
    case Align::kLeft:
      break;
  }
  return PANGO_ALIGN_LEFT;
}

}  // namespace

std::unique_lock<std::mutex> LockPdfRendering() {
  static std::mutex rendering;
  return std::unique_lock(rendering);
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

TextBox SetText(cairo_t* cr, PangoContext* fonts, std::string_view text, const TextStyle& style,
                double x, double y, double width, bool draw) {
  std::unique_ptr<PangoLayout, GObjectDeleter> layout(fonts ? pango_layout_new(fonts)
                                                            : pango_cairo_create_layout(cr));
  std::unique_ptr<PangoFontDescription, FontDescriptionDeleter> font(pango_font_description_new());
  pango_font_description_set_family(font.get(), kFontFamily);
  pango_font_description_set_absolute_size(font.get(), style.size * PANGO_SCALE);
  pango_layout_set_font_description(layout.get(), font.get());
  pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout.get(), PangoAlignmentOf(style.align));
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  TextBox box;
  box.unknown_glyphs = pango_layout_get_unknown_glyphs_count(layout.get()) > 0;
  int width_units = 0, height_units = 0;
  pango_layout_get_size(layout.get(), &width_units, &height_units);
  box.width = static_cast<double>(width_units) / PANGO_SCALE;
  box.height = static_cast<double>(height_units) / PANGO_SCALE;
  if (draw) {
    cairo_set_source_rgb(cr, style.grey, style.grey, style.grey);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout.get());
  }
  return box;
}

std::unique_ptr<SubsetFonts> SubsetFonts::Create(std::string_view text,
                                                 std::string_view file_prefix) {
  const SourceFont& source = FamilySourceFont();
  if (!source.blob) return nullptr;
  std::unique_ptr<SubsetFonts> fonts(new SubsetFonts());
  hb_face_t* face = hb_face_create(source.blob, source.index);
  hb_subset_input_t* input = hb_subset_input_create_or_fail();
  hb_face_t* subset = nullptr;
  if (input) {
    hb_set_t* characters = hb_subset_input_unicode_set(input);
    for (const char* p = text.data(); p < text.data() + text.size(); p = g_utf8_next_char(p)) {
      hb_set_add(characters, g_utf8_get_char(p));
    }
    hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_DESUBROUTINIZE);
    subset = hb_subset_or_fail(face, input);
    hb_subset_input_destroy(input);
  }
  hb_face_destroy(face);
  if (!subset) return nullptr;
  hb_blob_t* blob = hb_face_reference_blob(subset);
  unsigned length = 0;
  const char* data = hb_blob_get_data(blob, &length);
  const bool written = length > 0 && fonts->WriteFile(std::string_view(data, length), file_prefix);
  hb_blob_destroy(blob);
  hb_face_destroy(subset);
  if (!written) return nullptr;
  fonts->config_ = FcConfigCreate();
  if (!fonts->config_ || !FcConfigAppFontAddFile(fonts->config_, reinterpret_cast<const FcChar8*>(
                                                                     fonts->path_.c_str()))) {
    return nullptr;
  }
  PangoFontMap* font_map = ThreadFontMap();
  if (!font_map) return nullptr;
  // The map drops what it cached for the previous document's font and takes a reference.
  pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(font_map), fonts->config_);
  fonts->context_ = pango_font_map_create_context(font_map);
  return fonts;
}

SubsetFonts::~SubsetFonts() {
  if (context_) g_object_unref(context_);
  if (config_) FcConfigDestroy(config_);
  if (!path_.empty()) ::unlink(path_.c_str());
}

// Writes the subset to a new file that no other render has named (process id, a counter and
// 64 random bits), readable by the owner only.
bool SubsetFonts::WriteFile(std::string_view bytes, std::string_view file_prefix) {
  static std::atomic<uint64_t> counter{0};
  char name[160];
  std::snprintf(name, sizeof name, "%.*s-%ld-%llu-%016llx.otf",
                static_cast<int>(std::min<size_t>(file_prefix.size(), 64)), file_prefix.data(),
                static_cast<long>(::getpid()),
                static_cast<unsigned long long>(counter.fetch_add(1)),
                static_cast<unsigned long long>(randombytes_random()) << 32 | randombytes_random());
  std::error_code error;
  const std::filesystem::path directory = std::filesystem::temp_directory_path(error);
  if (error) return false;
  const std::string path = (directory / name).string();
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  path_ = path;
  const bool written =
      ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
  return ::close(fd) == 0 && written;
}

}  // namespace hoshitori::report
