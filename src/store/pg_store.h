// Kept for store/pg_change_listener.cc (owned by the change-notice work), which includes it
// for DescribePostgresUrl and WithoutPassword; new code includes store/postgres/pg_url.h.
#pragma once

#include "store/postgres/pg_url.h"
