// libFuzzer target for every wire message a node or the coordinator parses from the
// network in secure/ (threshold ElGamal and secure aggregation): any bytes must give a
// message or an error naming the field, never a crash. The first byte picks the parser.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "secure/codec.hpp"
#include "secure/secagg_codec.hpp"

namespace secure = oncoshare::secure;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 19) {
    case 0: (void)secure::parse_ciphertext_vector(text); break;
    case 1: (void)secure::parse_dkg_commitments(text); break;
    case 2: (void)secure::parse_dkg_share(text); break;
    case 3: (void)secure::parse_dkg_complaint(text); break;
    case 4: (void)secure::parse_collective_key(text); break;
    case 5: (void)secure::parse_partial_decryption(text); break;
    case 6: (void)secure::parse_key_switch_share(text); break;
    case 7: (void)secure::parse_public_key(text); break;
    case 8: (void)secure::parse_advertise_keys(text); break;
    case 9: (void)secure::parse_encrypted_shares(text); break;
    case 10: (void)secure::parse_masked_input(text); break;
    case 11: (void)secure::parse_unmask_request(text); break;
    case 12: (void)secure::parse_unmask_shares(text); break;
    case 13: (void)secure::parse_decryption_shares(text); break;
    case 14: (void)secure::parse_combined_share(text); break;
    case 15: (void)secure::parse_opening_challenge(text); break;
    case 16: {
      // Two contributions' first components, as a decrypting node re-adds them.
      const std::string copies[] = {std::string(text), std::string(text)};
      const std::string names[] = {"a", "b"};
      (void)secure::parse_and_sum_points(copies, names);
      break;
    }
    case 17: {
      const std::string one[] = {std::string(text)};
      const std::string name[] = {"a"};
      (void)secure::parse_and_sum(one, name);
      break;
    }
    default: (void)secure::parse_points(text); break;
  }
  return 0;
}
