// The attributes that say how an instance was de-identified (PS3.15 E.1.1, PS3.3 C.7.1.1).
#pragma once

#include "dicom/profile.hpp"

class DcmItem;

namespace oncoshare::dicom::detail {

// Writes into the top-level dataset: Patient Identity Removed (0012,0062) YES;
// De-identification Method (0012,0063), one value per profile / option (each at most 64
// characters, as LO requires); De-identification Method Code Sequence (0012,0064), one CID 7050
// item per profile / option (DCM 113100 Basic Application Confidentiality Profile, 113107,
// 113108, 113109, 113105 for the options); Longitudinal Temporal Information Modified
// (0028,0303) MODIFIED under retain_modified_dates, else REMOVED. Earlier values are replaced.
void write_method_attributes(DcmItem& dataset, const ProfileOptions& options);

}  // namespace oncoshare::dicom::detail
