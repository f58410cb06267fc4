// Large pixel data stays in the input file: the de-identifier's peak memory does not grow
// with the size of the Pixel Data element.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "dicom/dicom_test_support.hpp"

namespace oncoshare::dicom {
namespace {

void put16(std::string& out, std::uint16_t v) {
  out.push_back(char(v & 0xFF));
  out.push_back(char(v >> 8));
}
void put32(std::string& out, std::uint32_t v) {
  put16(out, std::uint16_t(v & 0xFFFF));
  put16(out, std::uint16_t(v >> 16));
}

// An Explicit VR Little Endian element with a 2-byte length (short VRs).
void element(std::string& out, std::uint16_t group, std::uint16_t number, const char* vr,
             std::string value) {
  if (value.size() % 2 == 1) value.push_back(std::string(vr) == "UI" ? '\0' : ' ');
  put16(out, group);
  put16(out, number);
  out.append(vr, 2);
  put16(out, std::uint16_t(value.size()));
  out += value;
}

std::string us(std::uint16_t v) {
  std::string s;
  put16(s, v);
  return s;
}

// A CT image of `frames` 1024x1024 16-bit frames, written without holding the pixels.
void write_large_file(const std::string& path, std::uint32_t frames) {
  std::string meta, data;
  element(meta, 0x0002, 0x0002, "UI", "1.2.840.10008.5.1.4.1.1.2");
  element(meta, 0x0002, 0x0003, "UI", "1.2.826.0.1.3680043.8.498.1.1");
  element(meta, 0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1");
  std::string head(128, '\0');
  head += "DICM";
  element(head, 0x0002, 0x0000, "UL", "");
  head.resize(head.size() - 2);
  put16(head, 4);
  put32(head, std::uint32_t(meta.size()));
  head += meta;
  element(data, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.2");
  element(data, 0x0008, 0x0018, "UI", "1.2.826.0.1.3680043.8.498.1.1");
  element(data, 0x0008, 0x0060, "CS", "CT");
  element(data, 0x0010, 0x0010, "PN", "Large^Test");
  element(data, 0x0010, 0x0020, "LO", "LARGE-1");
  element(data, 0x0020, 0x000D, "UI", "1.2.826.0.1.3680043.8.498.1");
  element(data, 0x0020, 0x000E, "UI", "1.2.826.0.1.3680043.8.498.1.2");
  element(data, 0x0028, 0x0002, "US", us(1));
  element(data, 0x0028, 0x0004, "CS", "MONOCHROME2");
  element(data, 0x0028, 0x0008, "IS", std::to_string(frames));
  element(data, 0x0028, 0x0010, "US", us(1024));
  element(data, 0x0028, 0x0011, "US", us(1024));
  element(data, 0x0028, 0x0100, "US", us(16));
  element(data, 0x0028, 0x0101, "US", us(16));
  element(data, 0x0028, 0x0102, "US", us(15));
  element(data, 0x0028, 0x0103, "US", us(0));
  const std::uint32_t frame_bytes = 1024u * 1024u * 2u;
  put16(data, 0x7FE0);
  put16(data, 0x0010);
  data += "OW";
  put16(data, 0);
  put32(data, frame_bytes * frames);
  std::ofstream out(path, std::ios::binary);
  out << head << data;
  std::vector<char> frame(frame_bytes);
  for (std::uint32_t f = 0; f < frames; ++f) {
    for (std::size_t i = 0; i < frame.size(); i += 4096) frame[i] = char(f + i / 4096);
    out.write(frame.data(), std::streamsize(frame.size()));
  }
}

long peak_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

TEST(Memory, LargePixelDataIsCopiedWithoutBeingHeldInMemory) {
  privacy::test::TempDir dir;
  constexpr std::uint32_t kFrames = 96;  // 192 MiB of pixel data
  write_large_file(dir.path("large.dcm"), kFrames);
  const long before = peak_kib();
  const Deidentifier deidentifier(test::uid_key(), {}, test::linked_lookup());
  const auto result = deidentifier.deidentify(dir.path("large.dcm"), dir.path("out.dcm"));
  ASSERT_TRUE(result) << result.error().to_string();
  const long growth_mib = (peak_kib() - before) / 1024;
  std::printf("pixel data %u MiB, peak memory growth %ld MiB\n", kFrames * 2, growth_mib);
  EXPECT_LT(growth_mib, 32);
  EXPECT_EQ(result->record.number_of_frames, int(kFrames));
  const std::string in = test::read_bytes(dir.path("large.dcm"));
  const std::string out = test::read_bytes(dir.path("out.dcm"));
  const std::size_t pixels = std::size_t(kFrames) * 1024 * 1024 * 2;
  ASSERT_GT(out.size(), pixels);
  EXPECT_TRUE(
      std::equal(in.end() - std::ptrdiff_t(pixels), in.end(), out.end() - std::ptrdiff_t(pixels)));
}

}  // namespace
}  // namespace oncoshare::dicom
