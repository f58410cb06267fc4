// The Table E.1-1 lookup against values read from the standard's JSON by hand, the
// combined-code rule, the options, and the generated table kept current.
#include "dicom/profile.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "shared_fixtures.hpp"

namespace oncoshare::dicom {
namespace {

const ProfileOptions kBasic{};

TEST(Profile, BasicProfileActionsAsTheTableGivesThem) {
  EXPECT_EQ(action_for(0x0010, 0x0010, kBasic), Action::zero);         // Patient's Name: Z
  EXPECT_EQ(action_for(0x0010, 0x0020, kBasic), Action::dummy);        // Patient ID: Z/D
  EXPECT_EQ(action_for(0x0008, 0x0020, kBasic), Action::zero);         // Study Date: Z
  EXPECT_EQ(action_for(0x0020, 0x000D, kBasic), Action::replace_uid);  // Study Instance UID: U
  EXPECT_EQ(action_for(0x0008, 0x0080, kBasic), Action::dummy);        // Institution Name: X/Z/D
  EXPECT_EQ(action_for(0x0008, 0x0050, kBasic), Action::zero);         // Accession Number: Z
  EXPECT_EQ(action_for(0x0010, 0x0040, kBasic), Action::zero);         // Patient's Sex: Z
  EXPECT_EQ(action_for(0x0018, 0x1000, kBasic), Action::dummy);  // Device Serial Number: X/Z/D
  EXPECT_EQ(action_for(0x0008, 0x1140, kBasic),
            Action::replace_uid);                               // Referenced Image Sequence: X/Z/U*
  EXPECT_EQ(action_for(0x0008, 0x1110, kBasic), Action::zero);  // Referenced Study Sequence: X/Z
  EXPECT_EQ(action_for(0x0008, 0x1030, kBasic), Action::remove);  // Study Description: X
}

TEST(Profile, WildcardRowsAndPrivateGroups) {
  EXPECT_EQ(action_for(0x5000, 0x3000, kBasic), Action::remove);  // (50xx,xxxx) Curve Data
  EXPECT_EQ(action_for(0x50FE, 0x0010, kBasic), Action::remove);
  EXPECT_EQ(action_for(0x6002, 0x3000, kBasic), Action::remove);  // (60xx,3000) Overlay Data
  EXPECT_EQ(action_for(0x6000, 0x0010, kBasic), Action::keep);    // Overlay Rows: not listed
  EXPECT_EQ(action_for(0x0009, 0x0010, kBasic), Action::remove);  // a private creator
  EXPECT_EQ(action_for(0x0029, 0x1010, kBasic), Action::remove);
}

TEST(Profile, UnlistedStandardAttributesAreKept) {
  EXPECT_EQ(action_for(0x0008, 0x0016, kBasic), Action::keep);  // SOP Class UID
  EXPECT_EQ(action_for(0x0008, 0x0060, kBasic), Action::keep);  // Modality
  EXPECT_EQ(action_for(0x7FE0, 0x0010, kBasic), Action::keep);  // Pixel Data
  EXPECT_EQ(action_for(0x0028, 0x0010, kBasic), Action::keep);  // Rows
}

TEST(Profile, OptionsChangeOnlyTheirColumn) {
  ProfileOptions characteristics;
  characteristics.retain_patient_characteristics = true;
  EXPECT_EQ(action_for(0x0010, 0x0040, characteristics), Action::keep);   // Patient's Sex: K
  EXPECT_EQ(action_for(0x0010, 0x1010, characteristics), Action::keep);   // Patient's Age: K
  EXPECT_EQ(action_for(0x0010, 0x2110, characteristics), Action::clean);  // Allergies: C
  EXPECT_EQ(action_for(0x0008, 0x0020, characteristics), Action::zero);   // Study Date: unchanged

  ProfileOptions device;
  device.retain_device_identity = true;
  EXPECT_EQ(action_for(0x0018, 0x1000, device), Action::keep);  // Device Serial Number: K
  EXPECT_EQ(action_for(0x0008, 0x1010, device), Action::keep);  // Station Name: K
  EXPECT_EQ(action_for(0x0010, 0x0040, device), Action::zero);

  ProfileOptions dates;
  dates.retain_modified_dates = true;
  EXPECT_EQ(action_for(0x0008, 0x0020, dates), Action::clean);  // Study Date: C (modified)
  EXPECT_EQ(action_for(0x0008, 0x0030, dates), Action::clean);  // Study Time: C

  ProfileOptions descriptors;
  descriptors.clean_descriptors = true;
  EXPECT_EQ(action_for(0x0008, 0x1030, descriptors), Action::clean);  // Study Description: C
  EXPECT_EQ(action_for(0x0010, 0x0010, descriptors), Action::zero);
}

TEST(Profile, GeneratedTableIsCurrent) {
  const std::string table =
      fixtures::shared_fixture("dicom", "confidentiality_profile_attributes.json");
  const std::string command = std::string("python3 ") + ONCOSHARE_SOURCE_DIR +
                              "/scripts/generate-dicom-profile --check --table " + table;
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

}  // namespace
}  // namespace oncoshare::dicom
