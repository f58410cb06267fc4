// Values the de-identifier writes: dummies valid for each VR (action D) and dates moved by a
// patient's shift (Retain Longitudinal Temporal Information with Modified Dates).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oncoshare::dicom::detail {

// The dummy value for a VR given as its two letters ("DA", "PN", ...), or nullopt where no
// value can be both valid and meaningless (binary VRs OB/OW/OF/OD/OL/OV/UN, AT): the
// element is then written with zero length. DA 19000101, TM 000000, DT 19000101000000 (before
// any digital image, and accepted by readers that refuse years before 1900); AS 000D;
// IS/DS/US/SS/UL/SL/UV/SV/FL/FD 0; every text VR (AE CS LO LT PN SH ST UC UT) ANONYMOUS;
// UR an empty value. UI is never given a dummy: a UID's D becomes a keyed UID.
[[nodiscard]] std::optional<std::string> dummy_value(std::string_view vr);

// A DICOM DA value "YYYYMMDD" (several separated by backslashes) moved by `days`; nullopt if
// any value is not a valid date of years 0001-9999 or the result leaves them.
[[nodiscard]] std::optional<std::string> shift_da(std::string_view value, std::int32_t days);

// A DICOM DT value "YYYYMMDD[HH[MM[SS[.F]]]][&ZZXX]" with its date part moved by `days`, the
// rest verbatim; nullopt unless every value has a full date (YYYY and YYYYMM are refused:
// a partial date cannot be moved by a day count).
[[nodiscard]] std::optional<std::string> shift_dt(std::string_view value, std::int32_t days);

}  // namespace oncoshare::dicom::detail
