// Forwarding header: ChainService lives in service/chain_service.h (issue 11). Kept only for
// tests/api/hardening_test.cc, which still includes this path; remove once it includes the
// service header.
#pragma once

#include "service/chain_service.h"
