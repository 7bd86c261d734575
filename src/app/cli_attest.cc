// hoshitori attest keygen|retire|jwks|issue|status|verify|certificate: signed attestations that
// anyone can verify offline, and their certificate PDFs (src/assure). Keys live in files;
// these commands do not touch the store.
// hoshitori attest revoke|suspend|reinstate ID: the scheme operator changes the state of an
// attestation the server issued, on the database (service/attestation_service.h).
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>

#include "app/context.h"
#include "assure/attestation.h"
#include "assure/base64url.h"
#include "assure/certificate.h"
#include "assure/jws.h"
#include "assure/keys.h"
#include "assure/status_list.h"
#include "core/json_limits.h"
#include "service/attestation_service.h"

namespace hoshitori::app {

namespace {

using assure::KeySet;
using assure::SigningKey;
using assure::StatusList;

// Exit code of `attest verify` when the attestation was read and refused (2 means the
// command's own input, such as the key set, could not be used).
constexpr int kRefusedExitCode = 10;

// Writes `text` to `path` readable by the owner only (0600), replacing the file only when
// `replace`; the text may hold a private key, so it never goes through a wider mode.
void WritePrivateFile(const std::string& path, const std::string& text, bool replace) {
  const std::string temporary = path + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw CommandFailure{"cannot create '" + temporary + "' (does it exist?)", 2};
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const bool closed = ::fsync(fd) == 0 && ::close(fd) == 0;
  if (!written || !closed) {
    ::unlink(temporary.c_str());
    throw CommandFailure{"cannot write '" + temporary + "'"};
  }
  // link() refuses an existing target, rename() replaces it.
  const bool moved = replace ? ::rename(temporary.c_str(), path.c_str()) == 0
                             : ::link(temporary.c_str(), path.c_str()) == 0;
  ::unlink(temporary.c_str());
  if (!moved) {
    throw CommandFailure{"cannot write '" + path + "'" + (replace ? "" : " (it exists already)"),
                         2};
  }
}

void WritePublicFile(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::cout << text;
    return;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.flush()) throw CommandFailure{"cannot write '" + path + "'"};
}

SigningKey ReadSigningKey(const std::string& path) {
  std::string text = ReadFile(path);
  auto key = SigningKey::FromJwkText(text);
  sodium_memzero(text.data(), text.size());
  if (!key) throw CommandFailure{path + ": " + key.error().message, 2};
  return std::move(key).value();
}

std::optional<Date> OptionalDate(const std::string& text, const char* option) {
  if (text.empty()) return std::nullopt;
  auto date = ParseDate(text);
  if (!date) throw CommandFailure{std::string(option) + ": " + date.error().message, 2};
  return *date;
}

// A compact JWS read from a file, without the line break files usually end with.
std::string ReadJwsFile(const std::string& path) {
  std::string text = ReadFile(path);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

int64_t NowSeconds(Context& context) {
  return std::chrono::duration_cast<std::chrono::seconds>(context.clock().Now().time_since_epoch())
      .count();
}

std::string RandomId() {
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  return assure::Base64UrlEncode(std::string_view(reinterpret_cast<char*>(bytes), sizeof bytes));
}

// The claims file completed: iat defaults to now, nbf to iat, jti to a random id, and an
// "evidence_hashes" array becomes "evidence_digest".
nlohmann::json CompleteClaims(nlohmann::json claims, int64_t now, const std::string& path) {
  if (!claims.is_object()) throw CommandFailure{path + ": the claims must be a JSON object", 2};
  if (!claims.contains("iat")) claims["iat"] = now;
  if (!claims.contains("nbf")) claims["nbf"] = claims["iat"];
  if (!claims.contains("jti")) claims["jti"] = RandomId();
  if (claims.contains("evidence_hashes")) {
    const auto hashes = claims["evidence_hashes"];
    if (!hashes.is_array())
      throw CommandFailure{path + ": \"evidence_hashes\" must be an array", 2};
    std::vector<std::string> texts;
    for (const auto& hash : hashes) {
      if (!hash.is_string()) throw CommandFailure{path + ": evidence hashes must be strings", 2};
      texts.push_back(hash.get<std::string>());
    }
    claims["evidence_digest"] = Require(assure::EvidenceDigest(std::move(texts)));
    claims.erase("evidence_hashes");
  }
  return claims;
}

void AddStatusCommand(CLI::App& attest, Context& context) {
  struct Options {
    std::string key, url, issuer, from, out;
    std::vector<size_t> revoke, suspend, clear;
    size_t bits = assure::kMinStatusBits;
    int valid_days = 0;
  };
  auto options = std::make_shared<Options>();
  auto* status = attest.add_subcommand(
      "status", "write a signed status list (revocation/suspension) / ステータスリストの作成");
  status->add_option("--key", options->key, "the issuer's private key (JWK)")->required();
  status->add_option("--url", options->url, "the URL the list is published at (its \"sub\")");
  status->add_option("--issuer", options->issuer, "the issuer (\"iss\" of its attestations)");
  status->add_option("--from", options->from, "start from this list (signed by the same key)");
  status->add_option("--revoke", options->revoke, "revoke index N / 失効");
  status->add_option("--suspend", options->suspend, "suspend index N / 一時停止");
  status->add_option("--clear", options->clear, "clear both flags of index N / 解除");
  status->add_option("--bits", options->bits, "size of a new list in bits (multiple of 8)")
      ->capture_default_str();
  status->add_option("--valid-days", options->valid_days,
                     "the list expires after N days (0: no expiry)");
  status->add_option("--out", options->out, "output file")->required();
  status->callback([&context, options] {
    const SigningKey key = ReadSigningKey(options->key);
    const int64_t now = NowSeconds(context);
    StatusList list;
    if (!options->from.empty()) {
      KeySet own;
      Require(own.Add(key.public_key()));
      auto previous = assure::ReadStatusList(ReadJwsFile(options->from), own, std::nullopt);
      if (!previous) throw CommandFailure{options->from + ": " + previous.error().message, 2};
      list = std::move(previous).value();
    } else {
      if (options->bits < assure::kMinStatusBits || options->bits > assure::kMaxStatusBits ||
          options->bits % 8 != 0) {
        throw CommandFailure{"--bits must be a multiple of 8 from " +
                                 std::to_string(assure::kMinStatusBits) + " to " +
                                 std::to_string(assure::kMaxStatusBits),
                             2};
      }
      list.revocation = assure::StatusBits(options->bits);
      list.suspension = assure::StatusBits(options->bits);
    }
    if (!options->url.empty()) list.url = options->url;
    if (!options->issuer.empty()) list.issuer = options->issuer;
    if (list.url.empty() || list.issuer.empty()) {
      throw CommandFailure{"a new status list needs --url and --issuer", 2};
    }
    for (size_t index : options->clear) {
      Require(list.revocation.Set(index, false));
      Require(list.suspension.Set(index, false));
    }
    for (size_t index : options->revoke) Require(list.revocation.Set(index, true));
    for (size_t index : options->suspend) Require(list.suspension.Set(index, true));
    list.issued_at = now;
    list.expires_at.reset();
    if (options->valid_days > 0) list.expires_at = now + int64_t{options->valid_days} * 86400;
    WritePublicFile(options->out, assure::SignStatusList(list, key) + "\n");
  });
}

// Reads the status list files given; the ones that fail are kept as problems, so that the
// verdict can tell an invalid list from a missing one.
assure::StatusLists ReadStatusLists(const std::vector<std::string>& paths, const KeySet& keys,
                                    int64_t now) {
  assure::StatusLists lists;
  for (const std::string& path : paths) {
    auto list = assure::ReadStatusList(ReadJwsFile(path), keys, now);
    if (list) {
      lists.lists.push_back(std::move(list).value());
    } else {
      lists.problems.push_back(path + ": " + list.error().message);
    }
  }
  return lists;
}

void AddVerifyCommand(CLI::App& attest, Context& context) {
  struct Options {
    std::string file, jwks = "jwks.json";
    std::vector<std::string> status;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* verify = attest.add_subcommand(
      "verify", "verify an attestation offline and say what it proves / 証明書のオフライン検証");
  verify->add_option("file", options->file, "the attestation (compact JWS)")->required();
  verify->add_option("--jwks", options->jwks, "the issuer's JWK Set")->capture_default_str();
  verify->add_option("--status", options->status, "status list file(s) (signed JWS)");
  verify->add_option("--today", context.today_text, "check validity on this date (YYYY-MM-DD)");
  verify->add_option("--lang", context.lang, "ja or en")->check(CLI::IsMember({"ja", "en"}));
  verify->add_flag("--json", options->json, "JSON output");
  verify->callback([&context, options] {
    const KeySet keys = Require(KeySet::Parse(ReadFile(options->jwks), options->jwks));
    const int64_t now = NowSeconds(context);
    const assure::StatusLists lists = ReadStatusLists(options->status, keys, now);
    const assure::VerificationReport report =
        assure::VerifyAttestation(ReadJwsFile(options->file), keys, lists, now);
    if (options->json) {
      std::cout << report.ToJson().dump(2) << "\n";
    } else {
      for (const std::string& line : report.Statements(context.lang)) std::cout << line << "\n";
    }
    if (!report.valid()) {
      throw CommandFailure{
          std::string("attestation refused: ") + std::string(assure::VerdictName(report.verdict)),
          kRefusedExitCode};
    }
  });
}

void AddCertificateCommand(CLI::App& attest, Context& context) {
  struct Options {
    std::string file, jwks = "jwks.json", verify_url, issuer_name, out;
    std::vector<std::string> status;
  };
  auto options = std::make_shared<Options>();
  auto* certificate = attest.add_subcommand(
      "certificate", "verify an attestation, then write its certificate PDF / 証明書 PDF の作成");
  certificate->add_option("file", options->file, "the attestation (compact JWS)")->required();
  certificate->add_option("--jwks", options->jwks, "the issuer's JWK Set")->capture_default_str();
  certificate->add_option("--status", options->status, "status list file(s) (signed JWS)");
  certificate
      ->add_option("--verify-url", options->verify_url,
                   "the public verification page, e.g. https://HOST/verify/{id} ({id} becomes "
                   "the attestation's id); printed and encoded in the QR code")
      ->required();
  certificate->add_option("--issuer-name", options->issuer_name,
                          "the issuer's name as printed (default: its \"iss\")");
  certificate->add_option("--today", context.today_text, "check validity on this date");
  certificate->add_option("--lang", context.lang, "ja or en (for a refusal's reasons)")
      ->check(CLI::IsMember({"ja", "en"}));
  certificate->add_option("--out", options->out, "the PDF file (\"-\": standard output)")
      ->required();
  certificate->callback([&context, options] {
    const KeySet keys = Require(KeySet::Parse(ReadFile(options->jwks), options->jwks));
    const int64_t now = NowSeconds(context);
    const assure::StatusLists lists = ReadStatusLists(options->status, keys, now);
    const assure::VerificationReport report =
        assure::VerifyAttestation(ReadJwsFile(options->file), keys, lists, now);
    // Only a valid attestation gets a certificate: paper must not outlive a refusal.
    if (!report.valid()) {
      for (const std::string& line : report.Statements(context.lang)) std::cerr << line << "\n";
      throw CommandFailure{std::string("attestation refused: ") +
                               std::string(assure::VerdictName(report.verdict)) +
                               "; no certificate written / 証明書は作成していません",
                           kRefusedExitCode};
    }
    assure::CertificateFacts facts;
    facts.claims = *report.claims;
    facts.verification_url = options->verify_url;
    if (const size_t at = facts.verification_url.find("{id}"); at != std::string::npos) {
      facts.verification_url.replace(at, 4, facts.claims.id);
    }
    facts.issuer_name = options->issuer_name.empty() ? facts.claims.issuer : options->issuer_name;
    auto pdf = assure::RenderCertificatePdf(facts);
    if (!pdf) throw CommandFailure{pdf.error().message, 2};
    WritePublicFile(options->out, *pdf);
  });
}

// revoke|suspend|reinstate ID on the database, as the scheme operator.
void AddStateCommand(CLI::App& attest, Context& context, const char* name, IssuedState to,
                     const char* help) {
  struct Options {
    std::string id, reason;
  };
  auto options = std::make_shared<Options>();
  auto* command = attest.add_subcommand(name, help);
  command->add_option("id", options->id, "the attestation's id (its jti); after \"--\", as an id may begin with \"-\"")->required();
  command->add_option("--reason", options->reason, "why (kept in the audit log) / 理由");
  command->callback([&context, options, to] {
    Catalog no_catalog;
    service::Context operator_context{context.store(), no_catalog, context.clock(), nullptr,
                                      service::Actor::Operator()};
    const auto changed = service::AttestationService(operator_context)
                             .ChangeState(options->id, to, options->reason);
    if (!changed) {
      throw CommandFailure{changed.error().message, AnswerFor(changed.error().kind).exit_code};
    }
    std::cout << changed->id << ": " << IssuedStateName(changed->state) << "\n";
  });
}

}  // namespace

void AddAttestCommands(CLI::App& app, Context& context) {
  CLI::App* attest = app.add_subcommand(
      "attest", "signed attestations anyone can verify offline / 検証可能な証明書");
  attest->require_subcommand(1);

  struct KeygenOptions {
    std::string out, not_before, retired;
  };
  auto keygen_options = std::make_shared<KeygenOptions>();
  auto* keygen = attest->add_subcommand("keygen", "make an Ed25519 signing key / 署名鍵の作成");
  keygen->add_option("--out", keygen_options->out, "private key file (written 0600)")->required();
  keygen->add_option("--not-before", keygen_options->not_before, "first day it may sign");
  keygen->add_option("--retired", keygen_options->retired, "day it stops signing");
  keygen->callback([keygen_options] {
    const SigningKey key =
        SigningKey::Generate(OptionalDate(keygen_options->not_before, "--not-before"),
                             OptionalDate(keygen_options->retired, "--retired"));
    std::string text = key.ToPrivateJwkText();
    WritePrivateFile(keygen_options->out, text, /*replace=*/false);
    sodium_memzero(text.data(), text.size());
    std::cout << key.kid() << "\n";
  });

  struct RetireOptions {
    std::string key, date;
  };
  auto retire_options = std::make_shared<RetireOptions>();
  auto* retire = attest->add_subcommand(
      "retire", "set the day a key stops signing (rotation) / 鍵の使用終了日");
  retire->add_option("--key", retire_options->key, "private key file")->required();
  retire->add_option("--date", retire_options->date, "YYYY-MM-DD")->required();
  retire->callback([retire_options] {
    SigningKey key = ReadSigningKey(retire_options->key);
    key.set_retired(OptionalDate(retire_options->date, "--date"));
    const auto& public_key = key.public_key();
    if (public_key.not_before && !(*public_key.not_before < *public_key.retired)) {
      throw CommandFailure{"--date must be after the key's not_before", 2};
    }
    std::string text = key.ToPrivateJwkText();
    WritePrivateFile(retire_options->key, text, /*replace=*/true);
    sodium_memzero(text.data(), text.size());
  });

  struct JwksOptions {
    std::vector<std::string> keys;
    std::string out;
  };
  auto jwks_options = std::make_shared<JwksOptions>();
  auto* jwks = attest->add_subcommand(
      "jwks", "print the public JWK Set (/.well-known/jwks.json) / 公開鍵セット");
  jwks->add_option("--key", jwks_options->keys, "private key file(s)")->required();
  jwks->add_option("--out", jwks_options->out, "output file (default: standard output)");
  jwks->callback([jwks_options] {
    KeySet set;
    for (const std::string& path : jwks_options->keys) {
      if (auto added = set.Add(ReadSigningKey(path).public_key()); !added) {
        throw CommandFailure{path + ": " + added.error().message, 2};
      }
    }
    WritePublicFile(jwks_options->out, set.ToJson());
  });

  struct IssueOptions {
    std::string key, claims, out;
  };
  auto issue_options = std::make_shared<IssueOptions>();
  auto* issue =
      attest->add_subcommand("issue", "sign an attestation from a claims file / 証明書の発行");
  issue->add_option("--key", issue_options->key, "private key file")->required();
  issue->add_option("--claims", issue_options->claims, "claims (JSON)")->required();
  issue->add_option("--out", issue_options->out, "output file (default: standard output)");
  issue->callback([&context, issue_options] {
    const SigningKey key = ReadSigningKey(issue_options->key);
    const std::string text = ReadFile(issue_options->claims);
    if (auto depth = CheckJsonDepth(text); !depth) {
      throw CommandFailure{issue_options->claims + ": " + depth.error().message, 2};
    }
    auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) throw CommandFailure{issue_options->claims + ": not valid JSON", 2};
    const nlohmann::json completed =
        CompleteClaims(std::move(parsed), NowSeconds(context), issue_options->claims);
    auto claims = assure::ClaimsFromJson(completed, issue_options->claims);
    if (!claims) throw CommandFailure{claims.error().message, 2};
    auto jws = assure::IssueAttestation(*claims, key);
    if (!jws) throw CommandFailure{jws.error().message, 2};
    WritePublicFile(issue_options->out, *jws + "\n");
  });

  AddStatusCommand(*attest, context);
  AddVerifyCommand(*attest, context);
  AddCertificateCommand(*attest, context);
  AddStateCommand(*attest, context, "revoke", IssuedState::kRevoked,
                  "revoke an issued attestation for good (operator, --db) / 失効");
  AddStateCommand(*attest, context, "suspend", IssuedState::kSuspended,
                  "suspend an issued attestation (operator, --db) / 一時停止");
  AddStateCommand(*attest, context, "reinstate", IssuedState::kActive,
                  "lift a suspension (operator, --db) / 一時停止の解除");
}

}  // namespace hoshitori::app
