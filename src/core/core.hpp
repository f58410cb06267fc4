// oncoshare core: errors, results, streaming CSV, atomic outputs (never over inputs or keys),
// progress, civil dates, libsodium start-up.
#pragma once

#include "core/atomic_output.hpp"
#include "core/civil_date.hpp"
#include "core/csv_reader.hpp"
#include "core/error.hpp"
#include "core/key_file.hpp"
#include "core/output_claim.hpp"
#include "core/progress.hpp"
#include "core/result.hpp"
#include "core/sodium.hpp"
