// Notification: one event that an organisation (or one of its users) must hear about, as a
// value. The in-app inbox shows it and, for every member who did not unsubscribe from its
// kind, an e-mail carries it (service/inbox_service.h posts both in the caller's transaction).
//
// The text is not written by the caller: each kind has a Japanese and an English template
// (notify/templates.cc) whose `{name}` slots are filled from `params`, so every message of a
// kind reads the same and both languages always exist. Pure values; thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace hoshitori::notify {

// What happened. Stored by name (NotificationKindName); append new kinds at the END.
enum class NotificationKind {
  kRequestReceived,      // a buyer asked the recipient (a supplier) for an assessment
  kDeadlineApproaching,  // a request's deadline is near and the recipient has not answered
  kShareRevoked,         // a supplier revoked a share the recipient (a buyer) held
  kLevelExpiring,        // the recipient's own level (an assessment's validity) ends soon
  kAssessmentConfirmed,  // an assessor confirmed or verified the recipient's assessment
  kSbomAdvisory,         // an advisory hits software a supplier delivers to the recipient (17)
  kIncidentWarning,      // a supplier's incident reaches the recipient (issue 16)
  kIncidentDeadline,     // a notification duty of the recipient's own incident is due (16)
  kGroupInvitation,      // the recipient is invited into a sharing group (issue 16)
};

inline constexpr size_t kNotificationKindCount = 9;

// Every kind, in declaration order.
const std::array<NotificationKind, kNotificationKindCount>& AllNotificationKinds();

// The stored / API name: "request_received", "deadline_approaching", "share_revoked",
// "level_expiring", "assessment_confirmed", "sbom_advisory", "incident_warning",
// "incident_deadline", "group_invitation".
std::string_view NotificationKindName(NotificationKind kind);
// The kind named `name`, or nullopt for an unknown name.
std::optional<NotificationKind> ParseNotificationKind(std::string_view name);
// What a user reads in the settings form, e.g. "依頼を受け取ったとき" / "A request is received".
std::string_view NotificationKindLabelJa(NotificationKind kind);
std::string_view NotificationKindLabelEn(NotificationKind kind);

// Bounds on what a Notification may carry (Validate refuses more).
inline constexpr size_t kMaxParams = 16;
inline constexpr size_t kMaxParamNameBytes = 32;
inline constexpr size_t kMaxParamValueBytes = 1000;
inline constexpr size_t kMaxDedupeKeyBytes = 200;
inline constexpr size_t kMaxLinkBytes = 500;

// One event for one recipient organisation.
//
// Parameters each kind's templates use (all required; values are shown as given, UTF-8; an
// empty value shows as "—"). A parameter may instead be given per language, as `name_ja` and
// `name_en` (both), e.g. a framework's Japanese and English names; a per-language value wins
// over `name` in that language's texts.
//   request_received:     buyer (organisation name), framework, level (e.g. "★3"),
//                         deadline (YYYY-MM-DD, or "" for none)
//   deadline_approaching: buyer, framework, deadline
//   share_revoked:        supplier, assessment (its name or "#id")
//   level_expiring:       assessment, level, valid_until (YYYY-MM-DD)
//   assessment_confirmed: assessment, level, assessor (the assessor organisation's name)
//   sbom_advisory:        supplier, product, version, component (a PURL), advisory (an id),
//                         vex_status (e.g. "not_affected", or "" when the supplier said nothing)
//   incident_warning:     supplier, summary
//   incident_deadline:    report (its title or "#id"), duty (regime and step, e.g. "個人情報
//                         保護委員会への漏えい等報告: 確報"), due (the deadline as shown, in
//                         Japan time, or "直ちに" / "now"), state (e.g. "期限まで24時間" /
//                         "24 hours left"), contacts (whom to tell); per language as a rule
//   group_invitation:     group (its name), owner (the organisation that runs it)
struct Notification {
  NotificationKind kind = NotificationKind::kRequestReceived;
  int64_t recipient_org_id = 0;
  // One user of the recipient organisation, or nullopt for every member (and every member's
  // e-mail, unless unsubscribed).
  std::optional<int64_t> recipient_user_id;
  // Names the event: posting the same key to the same organisation again changes nothing (no
  // second entry, no second e-mail). E.g. "request:42", "advisory:GHSA-...:product:7".
  std::string dedupe_key;
  // Where the user acts on it: a path in the application ("/requests/42"), never a URL; the
  // e-mail makes it absolute with the server's public URL.
  std::string link;
  std::map<std::string, std::string> params;
};

// The texts of a notification in both languages.
struct RenderedNotification {
  std::string title_ja;
  std::string title_en;
  std::string body_ja;
  std::string body_en;
};

// OK when `notification` is within the bounds above, names a recipient organisation (> 0),
// has a non-empty dedupe key, a link that is a path ("/" then no "/" or "\\" next, no control
// characters), valid UTF-8 everywhere, and every parameter its kind's templates use;
// otherwise kInvalid naming the field at fault (ja / en).
Status Validate(const Notification& notification);

// The texts of `notification` from its kind's templates (Validate first: kInvalid as it).
Result<RenderedNotification> Render(const Notification& notification);

}  // namespace hoshitori::notify
