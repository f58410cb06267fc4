// Renders a patient as raw REDCap export rows: codes, ISO dates, fields hidden by
// branching logic left blank, one row per treatment instance.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "synth/export_layout.hpp"
#include "synth/patient.hpp"

namespace oncoshare::synth {

// Fills `rows` (cleared first): rows[0] holds the non-repeating forms, rows[1 + i] the
// treatment instance i + 1. `dag` is the site's data access group.
void render_patient(const Patient& patient, const ExportLayout& layout, std::string_view dag,
                    std::vector<Row>& rows);

// Number formats used in the export (also used when injecting defects).
[[nodiscard]] std::string format_tenths(long tenths);  // 725 -> "72.5"
[[nodiscard]] std::string format_height(int height_cm);

}  // namespace oncoshare::synth
