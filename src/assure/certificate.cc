#include "assure/certificate.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <qrencode.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <string_view>

#include "core/utf8.h"
#include "report/pdf_text.h"

namespace hoshitori::assure {

namespace {

// A4 in PDF units (points, 1/72 inch).
constexpr double kPageWidth = 595.28;
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 48;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kLabelWidth = 150;
constexpr double kColumnGap = 12;
constexpr double kQrSize = 112;  // about 40 mm: scans from paper at arm's length
constexpr int kQrQuietModules = 4;
// Below this the shrunk type stops being readable on paper; the bounds keep the longest
// allowed values above it, so reaching it means a bug, not a user's mistake.
constexpr double kMinScale = 0.4;

using report::Align;
using report::CairoDeleter;
using report::CairoSurfaceDeleter;
using Style = report::TextStyle;

Error Invalid(std::string message) {
  return MakeError(ErrorKind::kInvalid, "invalid certificate", "certificate: " + message);
}

// Decodes the code point starting at text[i] of well-formed UTF-8 and advances i past it.
char32_t NextCodePoint(std::string_view text, size_t& i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return text[i++];
  const int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
  char32_t code = lead & (0x7F >> length);
  for (int k = 1; k < length; ++k) code = (code << 6) | (byte(i + k) & 0x3F);
  i += length;
  return code;
}

// Bidirectional formatting characters and line separators: they make printed text read
// differently from the signed text, or break lines the page did not plan.
bool IsDisallowedFormatCharacter(char32_t c) {
  return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
}

Status CheckPrintable(std::string_view text, std::string_view field, bool line_feeds) {
  const std::string name = "\"" + std::string(field) + "\"";
  if (!IsValidUtf8(text)) return Invalid(name + " is not valid UTF-8");
  size_t lines = 1;
  for (size_t i = 0; i < text.size();) {
    const char32_t c = NextCodePoint(text, i);
    if (c == '\n' && line_feeds) {
      if (++lines > kMaxScopeLines) {
        return Invalid(name + " has more than " + std::to_string(kMaxScopeLines) + " lines");
      }
      continue;
    }
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
      return Invalid(name + " holds a control character (U+" + [c] {
        char hex[8];
        std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(c));
        return std::string(hex);
      }() + "); it cannot be printed");
    }
    if (IsDisallowedFormatCharacter(c)) {
      return Invalid(name +
                     " holds a bidirectional formatting or line separator character; printed, "
                     "it could read differently from the signed text");
    }
  }
  return OkStatus();
}

bool IsPrintableAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

// `unix_seconds` shifted by `offset_hours` from UTC, printed with `format`, which takes the
// year, month, day, hour and minute as ints.
std::string FormatCivilTime(int64_t unix_seconds, int offset_hours, const char* format) {
  const std::chrono::sys_seconds instant{std::chrono::seconds(unix_seconds + offset_hours * 3600)};
  const auto day = std::chrono::floor<std::chrono::days>(instant);
  const std::chrono::year_month_day date(day);
  const std::chrono::hh_mm_ss time{instant - day};
  char text[64];
  std::snprintf(text, sizeof text, format, static_cast<int>(date.year()),
                static_cast<int>(static_cast<unsigned>(date.month())),
                static_cast<int>(static_cast<unsigned>(date.day())),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()));
  return text;
}

// "2026年12月1日 09:00" in Japan Standard Time (UTC+9, no daylight saving).
std::string JapaneseTime(int64_t unix_seconds) {
  return FormatCivilTime(unix_seconds, 9, "%d年%d月%d日 %02d:%02d");
}

// "2026-12-01 00:00 UTC".
std::string UtcTime(int64_t unix_seconds) {
  return FormatCivilTime(unix_seconds, 0, "%04d-%02d-%02d %02d:%02d UTC");
}

struct Words {
  std::string ja;
  std::string en;
};

Words KindWords(AttestationKind kind) {
  switch (kind) {
    case AttestationKind::kSelfDeclared:
      return {"自己宣言（第三者による確認なし）", "Self-declared (not checked by anyone else)"};
    case AttestationKind::kExpertConfirmed:
      return {"専門家による確認", "Confirmed by a qualified expert"};
    case AttestationKind::kThirdParty:
      return {"第三者評価（認定評価機関による評価）", "Evaluated by an accredited third party"};
  }
  return {"", ""};
}

Words AssessorLabel(AttestationKind kind) {
  if (kind == AttestationKind::kThirdParty) return {"評価機関", "Evaluated by"};
  return {"確認者", "Confirmed by"};
}

struct QrCodeDeleter {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

// libqrencode is thread-safe only when it was built with pthreads; the lock costs
// microseconds and does not depend on how the library was built.
std::mutex qr_mutex;

Result<std::unique_ptr<QRcode, QrCodeDeleter>> EncodeQr(const std::string& url) {
  std::lock_guard lock(qr_mutex);
  errno = 0;
  std::unique_ptr<QRcode, QrCodeDeleter> code(QRcode_encodeString(url.c_str(), /*version=*/0,
                                                                  QR_ECLEVEL_M, QR_MODE_8,
                                                                  /*casesensitive=*/1));
  if (!code) {
    return MakeError(
        ErrorKind::kInternal, "certificate failed",
        std::string("certificate: cannot encode the QR code: ") + std::strerror(errno));
  }
  return code;
}

// What the passes over one page share: where to draw, which fonts to use, and what was seen.
struct PageState {
  cairo_t* cr = nullptr;
  PangoContext* fonts = nullptr;  // nullptr: the system's fonts (pango's font map per thread)
  bool draw = false;
  std::string unprintable;  // the first field with characters no font has ("" while none)
  std::string text;         // every text set, concatenated (the characters the page needs)
};

// Sets text on one page. In measuring mode it only lays text out, to learn the heights; in
// drawing mode it also paints. Text whose characters no font has is recorded, so the caller
// can refuse the page instead of printing blank boxes.
class Typesetter {
 public:
  Typesetter(PageState& state, double scale) : state_(state), scale_(scale) {}

  // Sets `text` at (x, y) within `width`, wrapping as needed; returns the height used. `field`
  // names the value for an error ("" for the page's own words).
  double Text(std::string_view text, const Style& style, double x, double y, double width,
              std::string_view field = "") {
    const report::TextBox box =
        report::SetText(state_.cr, state_.fonts, text,
                        {style.size * scale_, style.grey, style.align}, x, y, width, state_.draw);
    state_.text.append(text);
    if (box.unknown_glyphs && state_.unprintable.empty()) {
      state_.unprintable =
          field.empty() ? "the certificate's own labels" : "\"" + std::string(field) + "\"";
    }
    return box.height;
  }

  double Scaled(double points) const { return points * scale_; }
  bool drawing() const { return state_.draw; }
  cairo_t* cr() const { return state_.cr; }

 private:
  PageState& state_;
  double scale_;
};

// A labelled row of the facts table: the label in Japanese over English on the left, the
// value on the right (`small` for digests and ids, so that a SHA-256 fits on one line).
// Returns the row's height.
double FactRow(Typesetter& page, double y, const Words& label, std::string_view value,
               std::string_view field, bool small = false) {
  const double label_width = page.Scaled(kLabelWidth);
  double label_height = page.Text(label.ja, {9, 0.05}, kMargin, y, label_width);
  label_height += page.Text(label.en, {7.5, 0.4}, kMargin, y + label_height, label_width);
  const double value_x = kMargin + label_width + kColumnGap;
  const double value_height =
      page.Text(value, {small ? 8.5 : 10}, value_x, y, kContentWidth - (value_x - kMargin), field);
  return std::max(label_height, value_height) + page.Scaled(7);
}

// The organisation, its level and the facts table from `y` down; returns the height used.
double FactsBlock(Typesetter& page, const CertificateFacts& facts, double y) {
  const AttestationClaims& c = facts.claims;
  const double top = y;
  y += page.Text("組織名 / Organisation", {8.5, 0.4, Align::kCenter}, kMargin, y, kContentWidth);
  y += page.Text(c.name, {20, 0.05, Align::kCenter}, kMargin, y, kContentWidth, "name");
  y += page.Text("法人番号 / Corporate number  " + c.subject, {11, 0.1, Align::kCenter}, kMargin, y,
                 kContentWidth, "sub");
  y += page.Scaled(8);
  y += page.Text("レベル / Level", {8.5, 0.4, Align::kCenter}, kMargin, y, kContentWidth);
  y += page.Text("★" + std::to_string(c.level), {40, 0.05, Align::kCenter}, kMargin, y,
                 kContentWidth);
  const Words kind = KindWords(c.kind);
  y += page.Text(kind.ja + " / " + kind.en, {11, 0.1, Align::kCenter}, kMargin, y, kContentWidth);
  y += page.Scaled(14);
  if (page.drawing()) {
    cairo_set_source_rgb(page.cr(), 0.6, 0.6, 0.6);
    cairo_set_line_width(page.cr(), 0.6);
    cairo_move_to(page.cr(), kMargin, y);
    cairo_line_to(page.cr(), kMargin + kContentWidth, y);
    cairo_stroke(page.cr());
  }
  y += page.Scaled(10);

  y += FactRow(page, y, {"評価の種別", "Kind of assessment"}, kind.ja + "\n" + kind.en, "kind");
  y += FactRow(page, y, {"評価基準", "Framework"}, c.framework, "framework");
  y += FactRow(page, y, {"カタログの SHA-256", "Catalog SHA-256"}, c.catalog_digest,
               "catalog_digest", /*small=*/true);
  y += FactRow(page, y, {"対象範囲", "Scope"}, c.scope, "scope");
  if (c.assessor) {
    y += FactRow(page, y, AssessorLabel(c.kind), c.assessor->name, "assessor.name");
    y += FactRow(page, y, {"認定・登録番号", "Accreditation no."}, c.assessor->accreditation,
                 "assessor.accreditation", /*small=*/true);
  } else {
    y += FactRow(page, y, {"確認者", "Assessor"}, "なし（自己宣言）\nNone (self-declared)",
                 "assessor");
  }
  y += FactRow(page, y, {"発行日", "Issued"},
               JapaneseTime(c.issued_at) + "（日本時間）\n" + UtcTime(c.issued_at), "iat");
  y += FactRow(page, y, {"有効期間", "Valid"},
               JapaneseTime(c.not_before) + " から " + JapaneseTime(c.expires_at) +
                   " まで（日本時間）\nfrom " + UtcTime(c.not_before) + " until " +
                   UtcTime(c.expires_at),
               "exp");
  y += FactRow(page, y, {"証明書 ID", "Attestation ID"}, c.id, "jti", /*small=*/true);
  y += FactRow(page, y, {"発行者", "Issuer"}, facts.issuer_name + "\n" + c.issuer, "issuer");
  return y - top;
}

// Paints the QR code of `code` as a square of `size` points at (x, y), quiet zone included.
void PaintQr(cairo_t* cr, const QRcode& code, double x, double y, double size) {
  const int modules = code.width + 2 * kQrQuietModules;
  const double module = size / modules;
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, x, y, size, size);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int row = 0; row < code.width; ++row) {
    // One rectangle per run of dark modules: fewer seams when viewers rasterise.
    for (int column = 0; column < code.width;) {
      if (!(code.data[row * code.width + column] & 1)) {
        ++column;
        continue;
      }
      const int start = column;
      while (column < code.width && (code.data[row * code.width + column] & 1)) ++column;
      cairo_rectangle(cr, x + (start + kQrQuietModules) * module,
                      y + (row + kQrQuietModules) * module, (column - start) * module, module);
    }
  }
  cairo_fill(cr);
}

// The verification block at the foot of the page (QR code, URL, how to check the status);
// returns its height. Never shrinks: the QR code and URL must stay legible.
double VerificationBlock(Typesetter& page, const CertificateFacts& facts, const QRcode& code,
                         double y) {
  const double text_x = kMargin + kQrSize + 16;
  const double text_width = kContentWidth - (text_x - kMargin);
  double height = page.Text("検証ページ / Verification page", {9, 0.05}, text_x, y, text_width);
  height +=
      page.Text(facts.verification_url, {8.5}, text_x, y + height, text_width, "verification_url");
  height += 6;
  height += page.Text(
      "この証明書は、署名付きの証明データ（アテステーション）を読みやすく印刷したものです。"
      "失効・一時停止を含む現在の状態は、QR コードまたは上の URL で確かめてください。",
      {8, 0.25}, text_x, y + height, text_width);
  height += page.Text(
      "This page is a readable print of a signed attestation. Check its current status, "
      "including revocation and suspension, with the QR code or the URL above.",
      {7.5, 0.35}, text_x, y + height, text_width);
  if (page.drawing()) PaintQr(page.cr(), code, kMargin, y, kQrSize);
  return std::max(height, kQrSize);
}

Error CairoError(cairo_status_t status) {
  return MakeError(ErrorKind::kInternal, "certificate failed",
                   std::string("certificate: cairo failed: ") + cairo_status_to_string(status));
}

// Lays out (state.draw false) or paints (true) the whole page, the facts block at `scale`;
// returns whether the facts fit above the verification block.
bool ComposePage(PageState& state, double scale, const CertificateFacts& facts,
                 const QRcode& code) {
  cairo_t* cr = state.cr;
  if (state.draw) {
    // A double frame: decoration only, inside the printable area of common printers.
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.45);
    cairo_set_line_width(cr, 1.6);
    cairo_rectangle(cr, 24, 24, kPageWidth - 48, kPageHeight - 48);
    cairo_stroke(cr);
    cairo_set_line_width(cr, 0.5);
    cairo_rectangle(cr, 29, 29, kPageWidth - 58, kPageHeight - 58);
    cairo_stroke(cr);
  }
  Typesetter fixed(state, 1.0);
  double y = kMargin;
  y += fixed.Text("セキュリティ評価 証明書", {22, 0.05, Align::kCenter}, kMargin, y, kContentWidth);
  y += fixed.Text("Security Assessment Certificate", {13, 0.2, Align::kCenter}, kMargin, y,
                  kContentWidth);
  y += 6;
  y += fixed.Text(
      "下記の発行者は、下記の組織が記載の評価によって記載のレベルを保持していることを、"
      "電子署名付きで表明しています。\n"
      "The issuer named below states, under its digital signature, that the organisation below "
      "holds the level shown on the assessment described.",
      {8, 0.3, Align::kCenter}, kMargin, y, kContentWidth);
  y += 14;

  // The foot is measured first, so the facts know how much room they have.
  const bool draw = state.draw;
  state.draw = false;
  const double foot_y = kPageHeight - kMargin - VerificationBlock(fixed, facts, code, 0);
  state.draw = draw;
  VerificationBlock(fixed, facts, code, foot_y);
  Typesetter shrinking(state, scale);
  const double facts_height = FactsBlock(shrinking, facts, y);
  return y + facts_height + 12 <= foot_y;
}

}  // namespace

Status CheckCertificateFacts(const CertificateFacts& facts) {
  // ClaimsFromJson holds the claims' bounds and rules; going through it keeps one definition.
  auto claims = ClaimsFromJson(ClaimsToJson(facts.claims), "certificate");
  if (!claims) return MakeError(ErrorKind::kInvalid, "invalid certificate", claims.error().message);
  const AttestationClaims& c = facts.claims;
  struct Field {
    std::string_view name;
    const std::string* text;
    bool line_feeds;
  };
  const Field fields[] = {
      {"iss", &c.issuer, false},
      {"name", &c.name, false},
      {"framework", &c.framework, false},
      {"scope", &c.scope, true},
      {"jti", &c.id, false},
      {"assessor.name", c.assessor ? &c.assessor->name : nullptr, false},
      {"assessor.accreditation", c.assessor ? &c.assessor->accreditation : nullptr, false},
      {"issuer_name", &facts.issuer_name, false}};
  for (const Field& field : fields) {
    if (!field.text) continue;
    if (auto printable = CheckPrintable(*field.text, field.name, field.line_feeds); !printable) {
      return printable;
    }
  }
  if (facts.issuer_name.empty() || facts.issuer_name.size() > kMaxIssuerNameBytes) {
    return Invalid("\"issuer_name\" must be 1 to " + std::to_string(kMaxIssuerNameBytes) +
                   " bytes long");
  }
  const std::string_view url = facts.verification_url;
  if (url.empty() || url.size() > kMaxVerificationUrlBytes) {
    return Invalid("\"verification_url\" must be 1 to " + std::to_string(kMaxVerificationUrlBytes) +
                   " bytes long");
  }
  const bool https = url.starts_with("https://") && url.size() > 8;
  const bool http = url.starts_with("http://") && url.size() > 7;
  if (!(https || http) || !IsPrintableAscii(url)) {
    return Invalid(
        "\"verification_url\" must be an http:// or https:// URL of printable ASCII without "
        "spaces (percent-encode anything else)");
  }
  return OkStatus();
}

Result<std::string> RenderCertificatePdf(const CertificateFacts& facts) {
  if (auto checked = CheckCertificateFacts(facts); !checked) return checked.error();
  auto code = EncodeQr(facts.verification_url);
  if (!code) return code.error();

  const auto rendering = report::LockPdfRendering();  // first made, last released
  // Declared before the surface: the subset font file must outlive it (cairo reads the font
  // when the surface finishes, also when an error return destroys it).
  std::unique_ptr<report::SubsetFonts> fonts;
  std::string pdf;
  std::unique_ptr<cairo_surface_t, CairoSurfaceDeleter> surface(
      cairo_pdf_surface_create_for_stream(report::AppendToString, &pdf, kPageWidth, kPageHeight));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return CairoError(cairo_surface_status(surface.get()));
  }
  // The issue time as the creation date makes the same facts give the same bytes.
  const std::string issued = FormatInstant(facts.claims.issued_at);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, issued.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_MOD_DATE, issued.c_str());
  const std::string title = "証明書 / Certificate " + facts.claims.id;
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR,
                                 facts.issuer_name.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Hoshitori");
  std::unique_ptr<cairo_t, CairoDeleter> cr(cairo_create(surface.get()));

  // First with the system's fonts: which characters the page needs, and whether every one has
  // a glyph. Then with the font cut down to those characters: fit (shrinking the facts until
  // they fit above the foot) and paint.
  PageState state;
  state.cr = cr.get();
  ComposePage(state, 1.0, facts, **code);
  if (!state.unprintable.empty()) {
    return Invalid(state.unprintable +
                   " holds characters no installed font can show (is fonts-noto-cjk installed?)");
  }
  fonts = report::SubsetFonts::Create(state.text, "hoshitori-certificate-font");
  if (fonts) {
    state.fonts = fonts->context();
    pango_cairo_update_context(cr.get(), state.fonts);
  }
  double scale = 1.0;
  for (;; scale *= 0.9) {
    if (scale < kMinScale) {
      return MakeError(ErrorKind::kInternal, "certificate failed",
                       "certificate: the facts do not fit on one page");
    }
    if (ComposePage(state, scale, facts, **code)) break;
  }
  state.draw = true;
  ComposePage(state, scale, facts, **code);
  if (!state.unprintable.empty()) {
    return MakeError(ErrorKind::kInternal, "certificate failed",
                     "certificate: the cut-down font lacks a character of " + state.unprintable);
  }
  cairo_show_page(cr.get());
  cr.reset();
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return CairoError(cairo_surface_status(surface.get()));
  }
  return pdf;
}

}  // namespace hoshitori::assure
