// oncoshare core: errors, results, streaming CSV, atomic outputs, progress.
#pragma once

#include "core/atomic_output.hpp"
#include "core/csv_reader.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "core/result.hpp"
