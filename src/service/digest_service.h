// The daily digest (issue 16, "a daily digest instead of a flood"): for every user who takes
// some kinds of notification daily (NotificationSetting::daily), one e-mail a day listing the
// unread inbox entries of those kinds that arrived since its last digest, instead of one
// e-mail per entry.
//
// A digest carries each entry's titles (Japanese, then English) and the link to the inbox,
// never an entry's body: a warning whose TLP allows no content in e-mail (TLP:RED) has a
// title without content, so the digest reveals nothing the inbox entry's e-mail would not.
// At most kMaxDigestEntries entries are listed; the rest are counted ("and N more").
//
// Idempotent per day: a user gets at most one digest per day however often the job runs, and
// on however many nodes (the record of the last digest is written in the transaction that
// queues its e-mail). Each user's digest is its own transaction. Run by `hoshitori serve`
// with the daily reminders (ReminderLoop) and on demand by `hoshitori notify run-digests`.
// Operator use case only.
#pragma once

#include <string>

#include "core/date.h"
#include "service/context.h"

namespace hoshitori::service {

inline constexpr int64_t kMaxDigestEntries = 50;

struct DigestRun {
  std::string today;  // YYYY-MM-DD
  int digests = 0;    // e-mails queued
  int entries = 0;    // entries they list
};

// Queues the digests due on `today`. kForbidden unless the caller is the operator.
Result<DigestRun> RunDailyDigests(Context& context, const Date& today);

}  // namespace hoshitori::service
