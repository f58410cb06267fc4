// No value the profile takes out (actions X, Z, D, U) is left anywhere in the output bytes,
// and pixel data are copied byte for byte.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "dicom/dicom_test_support.hpp"

namespace oncoshare::dicom {
namespace {

// Shorter values are skipped: one- to five-character values (sex "M", ages "045Y", sizes
// "1.75", short codes) occur by chance in any binary file (pixel data, lengths). Six
// characters still cover every date (8), UID (10+), and almost every name and ID.
constexpr std::size_t kMinimumLength = 6;

std::string trimmed(std::string value) {
  while (!value.empty() && (value.back() == ' ' || value.back() == '\0')) value.pop_back();
  while (!value.empty() && value.front() == ' ') value.erase(value.begin());
  return value;
}

// The values of every string element of `item` (sequences included) whose action under
// `options` is remove, zero, dummy or replace_uid (`removed`), or keep or clean (`kept`),
// each backslash-separated value alone. Decimal numbers (DS, IS) are left out: a weight or a
// slice position taken out equals some kept measurement by chance.
void collect_values(DcmItem& item, const ProfileOptions& options, bool removed,
                    std::set<std::string>& out) {
  for (unsigned long i = 0; i < item.card(); ++i) {
    DcmElement* element = item.getElement(i);
    if (element->ident() == EVR_SQ) {
      auto* sequence = static_cast<DcmSequenceOfItems*>(element);
      for (unsigned long j = 0; j < sequence->card(); ++j) {
        collect_values(*sequence->getItem(j), options, removed, out);
      }
      continue;
    }
    const Action action = action_for(element->getGTag(), element->getETag(), options);
    if ((action == Action::keep || action == Action::clean) == removed) continue;
    if (!DcmVR(element->ident()).isaString() || element->ident() == EVR_DS ||
        element->ident() == EVR_IS)
      continue;
    OFString value;
    if (element->getOFStringArray(value).bad()) continue;
    std::string text = value.c_str();
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t cut = text.find('\\', start);
      const std::string one =
          trimmed(text.substr(start, cut == std::string::npos ? std::string::npos : cut - start));
      if (one.size() >= kMinimumLength && one != "ANONYMOUS" && one != "19000101") out.insert(one);
      if (cut == std::string::npos) break;
      start = cut + 1;
    }
  }
}

// The bytes of the Pixel Data element: native data as stored, encapsulated data item by item.
std::vector<std::string> pixel_bytes(const std::string& path) {
  DcmFileFormat file;
  if (file.loadFile(OFFilename(path.c_str())).bad()) return {};
  DcmDataset& dataset = *file.getDataset();
  DcmElement* element = nullptr;
  if (dataset.findAndGetElement(DCM_PixelData, element).bad()) return {};
  auto* pixels = static_cast<DcmPixelData*>(element);
  DcmPixelSequence* sequence = nullptr;
  std::vector<std::string> out;
  if (pixels->getEncapsulatedRepresentation(dataset.getOriginalXfer(), nullptr, sequence).good() &&
      sequence != nullptr) {
    for (unsigned long i = 0; i < sequence->card(); ++i) {
      DcmPixelItem* item = nullptr;
      if (sequence->getItem(item, i).bad()) continue;
      Uint8* bytes = nullptr;
      item->getUint8Array(bytes);
      out.emplace_back(reinterpret_cast<const char*>(bytes), item->getLength());
    }
    return out;
  }
  Uint8* bytes = nullptr;
  if (element->getUint8Array(bytes).good() && bytes != nullptr) {
    out.emplace_back(reinterpret_cast<const char*>(bytes), element->getLength());
  }
  return out;
}

// The files written under the default settings with burned-in files allowed.
std::vector<std::string> writable_files() {
  const std::string folder = test::pydicom_file();
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && entry.path().extension() == ".dcm" &&
        name != "MR_truncated.dcm" && name != "rtplan_truncated.dcm" && name != "SC_rgb_jpeg.dcm" &&
        name != "no_meta.dcm") {
      files.push_back(entry.path().string());
    }
  }
  return files;
}

void expect_no_leak(const ProfileOptions& options) {
  privacy::test::TempDir out;
  DeidentifySettings settings;
  settings.options = options;
  settings.allow_burned_in = true;
  const Deidentifier deidentifier(test::uid_key(), settings, test::linked_lookup());
  int checked = 0;
  int with_pixels = 0;
  for (const std::string& input : writable_files()) {
    const std::string output = out.path(std::filesystem::path(input).filename().string());
    const auto result = deidentifier.deidentify(input, output);
    ASSERT_TRUE(result) << result.error().to_string();
    DcmFileFormat file;
    ASSERT_TRUE(file.loadFile(OFFilename(input.c_str())).good()) << input;
    // A value the file also holds in (or inside) an attribute the profile keeps (the
    // manufacturer in a removed description, a body part in a removed protocol name, an
    // institution TOSHIBA beside the kept manufacturer TOSHIBA_MEC) is not looked for: the
    // table keeps it there.
    std::set<std::string> values, kept;
    collect_values(*file.getDataset(), options, true, values);
    collect_values(*file.getDataset(), options, false, kept);
    std::erase_if(values, [&kept](const std::string& value) {
      return std::any_of(kept.begin(), kept.end(), [&value](const std::string& k) {
        return k.find(value) != std::string::npos;
      });
    });
    const std::string bytes = test::read_bytes(output);
    for (const std::string& value : values) {
      EXPECT_EQ(bytes.find(value), std::string::npos)
          << input << ": a removed value of " << value.size()
          << " characters is in the output: " << value;
    }
    const std::vector<std::string> pixels = pixel_bytes(input);
    EXPECT_EQ(pixels, pixel_bytes(output)) << input;
    with_pixels += pixels.empty() ? 0 : 1;
    ++checked;
  }
  EXPECT_GT(checked, 50);
  EXPECT_GT(with_pixels, 40);
}

TEST(Leak, NoRemovedValueInAnyOutputUnderTheBasicProfile) { expect_no_leak(ProfileOptions{}); }

TEST(Leak, NoRemovedValueInAnyOutputUnderEveryOption) {
  expect_no_leak(ProfileOptions{true, true, true, true});
}

}  // namespace
}  // namespace oncoshare::dicom
