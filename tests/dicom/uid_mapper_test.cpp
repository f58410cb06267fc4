#include "dicom/uid_mapper.hpp"

#include <gtest/gtest.h>

#include "dicom/dicom_test_support.hpp"

namespace oncoshare::dicom {
namespace {

// Expected values computed independently with python3: hmac.new(bytes([0x17])*32,
// b"oncoshare dicom uid\x00" + b"1.2.3.4", hashlib.sha256).digest()[:16], version and
// variant bits set, int.from_bytes(..., "big").
TEST(UidMapper, KnownValue) {
  const Uuid uuid = uid_uuid(test::uid_key(), "1.2.3.4");
  const Uuid expected = {0x71, 0x8c, 0x9a, 0x0e, 0x75, 0x47, 0x83, 0x5d,
                         0x9d, 0x6c, 0xd6, 0xf6, 0xac, 0xd3, 0x4b, 0xdd};
  EXPECT_EQ(uuid, expected);
  EXPECT_EQ(mapped_uid(test::uid_key(), "1.2.3.4"), "2.25.150932809720459807302260625891187182557");
}

TEST(UidMapper, DecimalOfExtremes) {
  Uuid all{};
  EXPECT_EQ(uuid_decimal(all), "0");
  all.fill(0xFF);
  EXPECT_EQ(uuid_decimal(all), "340282366920938463463374607431768211455");  // 2^128 - 1
  Uuid one{};
  one[15] = 10;
  EXPECT_EQ(uuid_decimal(one), "10");
}

TEST(UidMapper, VersionAndVariantBitsDeterminismAndKeyDependence) {
  const Uuid uuid = uid_uuid(test::uid_key(), "1.2.840.10008.1");
  EXPECT_EQ(uuid[6] >> 4, 8);
  EXPECT_EQ(uuid[8] >> 6, 2);
  EXPECT_EQ(mapped_uid(test::uid_key(), "1.2.3"), mapped_uid(test::uid_key(), "1.2.3"));
  EXPECT_NE(mapped_uid(test::uid_key(), "1.2.3"), mapped_uid(test::uid_key(), "1.2.4"));
  const privacy::Key other = privacy::test::make_key(0x18);
  EXPECT_NE(mapped_uid(test::uid_key(), "1.2.3"), mapped_uid(other, "1.2.3"));
  EXPECT_LE(mapped_uid(test::uid_key(), "1.2.3").size(), 44u);
}

}  // namespace
}  // namespace oncoshare::dicom
