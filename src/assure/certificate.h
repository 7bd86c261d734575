// Certificate PDFs: one A4 page that shows the facts of one attestation to a person, in
// Japanese first and English, with a QR code that opens the issuer's public verification page.
//
// The page is bilingual (each label in Japanese, then English) rather than a Japanese page
// followed by an English one: the facts themselves (names, numbers, dates, digests) are the
// same in both languages, so one page shows each of them once, cannot let two copies drift
// apart, and prints and scans as one sheet whoever reads it.
//
// The certificate is a rendering, not the proof: the signed attestation (JWS) is. Callers pass
// claims they have verified (or just issued); the page tells its reader to check the current
// status (revocation, suspension) at the printed URL, since paper cannot show a later change.
//
// Text is set by pango with the "Noto Sans CJK JP" family through fontconfig (Debian:
// fonts-noto-cjk); a character no installed font can show is refused rather than printed as a
// blank box. The font is cut down to the page's characters (HarfBuzz) before cairo embeds it,
// so a page is about 40 KB. The QR code (libqrencode, error correction level M) encodes the
// verification URL exactly, and the URL is printed beside it.
//
// Bounds (refused with ErrorKind::kInvalid, naming the field): the claims as ClaimsFromJson
// bounds them (name and assessor name 512 bytes, scope 2,048, framework, accreditation and id
// 128, a valid corporate number and level rules); all text well-formed UTF-8 without control
// characters (a line feed only in the scope, at most kMaxScopeLines lines) and without
// bidirectional formatting characters (which could make printed text read differently from
// what was signed); the issuer's display name 1..kMaxIssuerNameBytes; the verification URL
// 1..kMaxVerificationUrlBytes of printable ASCII starting with "https://" or "http://". Long
// values wrap, and the type shrinks so that the page always stays one page.
#pragma once

#include <cstddef>
#include <string>

#include "assure/attestation.h"
#include "core/result.h"

namespace hoshitori::assure {

inline constexpr size_t kMaxIssuerNameBytes = 256;
inline constexpr size_t kMaxVerificationUrlBytes = 512;
inline constexpr size_t kMaxScopeLines = 20;

// What a certificate shows: the attestation's claims, where to verify it, and who issued it.
struct CertificateFacts {
  AttestationClaims claims;      // verified (or just issued) claims
  std::string verification_url;  // e.g. https://HOST/verify/{id}; encoded in the QR code
  std::string issuer_name;       // the issuer's display name, e.g. "星取 運営事務局"
};

// Checks `facts` against the bounds above; the error names the field.
Status CheckCertificateFacts(const CertificateFacts& facts);

// The certificate as the bytes of a one-page A4 PDF, or an error: kInvalid when `facts` break
// a bound (CheckCertificateFacts) or hold a character no installed font can show; kInternal
// when cairo fails. The same facts give the same bytes (the PDF's creation date is the
// attestation's issue time, not the time of rendering).
//
// Thread-safe: each call has its own cairo surface, pango layouts and cut-down font (in a
// temporary file of its own, removed before return); pango's font maps are one per thread
// (the system's, and one that takes each page's cut-down font in turn), and libqrencode is
// called under a lock. About 24 ms of CPU a page
// (docs/benchmarks.md §7).
Result<std::string> RenderCertificatePdf(const CertificateFacts& facts);

}  // namespace hoshitori::assure
