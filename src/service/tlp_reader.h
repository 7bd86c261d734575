// The facts about a reader that TLP 2.0 decisions need (share::Reader), gathered from the
// store in the caller's transaction, so every read path of shared objects (pages, API,
// exports, e-mail, TAXII) hands Authorize the same facts.
//
// - groups: the open sharing groups the principal's organisation belongs to — member rows of
//   groups not closed, plus 'supply_chain' groups: the one its own organisation runs and those
//   of every buyer it supplies over a confirmed relationship that has not ended (consent to the
//   relationship is consent to the buyer's chain group);
// - client_of: the organisations the principal's organisation buys from over a confirmed
//   relationship that has not ended (TLP:AMBER admits a recipient's clients).
// Both lists are sorted and without repeats.
#pragma once

#include "core/result.h"
#include "service/authorization.h"
#include "share/tlp.h"
#include "store/sql_session.h"

namespace hoshitori::service {

Result<share::Reader> LoadTlpReader(SqlSession& session, const Principal& principal);

}  // namespace hoshitori::service
