// secure entry points initialise libsodium: every public function or constructor that draws
// randomness or starts a component's key material.
#include <array>

#include "secure/ciphertext.hpp"
#include "secure/dkg.hpp"
#include "secure/dlog_table.hpp"
#include "secure/encryption_pool.hpp"
#include "secure/group.hpp"
#include "secure/joint_decryption.hpp"
#include "secure/key_share.hpp"
#include "secure/key_switch.hpp"
#include "secure/noise.hpp"
#include "secure/secagg.hpp"
#include "secure/threshold_decryption.hpp"
#include "sodium_init/fresh_process.hpp"

namespace secure = oncoshare::secure;

namespace {

// Three participants, all pairs, threshold 2, four elements: valid parameters.
secure::SecAggParams secagg_params() {
  secure::SecAggParams p;
  p.aggregation_id = "sodium-init";
  p.participants = 3;
  p.threshold = 2;
  p.length = 4;
  return p;
}

TEST(SecureSodiumInit, ScalarRandom) {
  EXPECT_INITIALISES_SODIUM([] { (void)secure::Scalar::random(); });
}

TEST(SecureSodiumInit, Encryptor) {
  EXPECT_INITIALISES_SODIUM([] { const secure::Encryptor encryptor{secure::Point{}}; });
}

TEST(SecureSodiumInit, EncryptionPool) {
  EXPECT_INITIALISES_SODIUM([] { const secure::EncryptionPool pool{secure::Point{}, 0}; });
}

TEST(SecureSodiumInit, DkgParticipantCreate) {
  EXPECT_INITIALISES_SODIUM([] { (void)secure::DkgParticipant::create(secure::DkgParams{3, 2}, 1); });
}

TEST(SecureSodiumInit, DlogTableCreate) {
  EXPECT_INITIALISES_SODIUM([] { (void)secure::DlogTable::create(secure::DlogParams{16, 4}); });
}

TEST(SecureSodiumInit, OpeningChallengeRandom) {
  EXPECT_INITIALISES_SODIUM([] { (void)secure::OpeningChallenge::random(); });
}

TEST(SecureSodiumInit, ResearcherKeyGenerate) {
  EXPECT_INITIALISES_SODIUM([] { (void)secure::ResearcherKey::generate(); });
}

TEST(SecureSodiumInit, ResearcherKeyFromBytes) {
  EXPECT_INITIALISES_SODIUM([] {
    const std::array<std::uint8_t, secure::kScalarBytes> one{1};
    (void)secure::ResearcherKey::from_bytes(one);
  });
}

// A node's share as loaded from its file (made without libsodium): the share holders compute
// its verification share on construction.
secure::KeyShare stored_share() {
  secure::KeyShare share;
  share.index = 1;
  share.secret = secure::SecretScalar(secure::Scalar::from_int(7));
  return share;
}

TEST(SecureSodiumInit, PartialDecryptorFromAShare) {
  EXPECT_INITIALISES_SODIUM([] {
    const secure::KeyShare share = stored_share();
    const secure::PartialDecryptor decryptor(share);
  });
}

TEST(SecureSodiumInit, KeySwitcherFromAShare) {
  EXPECT_INITIALISES_SODIUM([] {
    const secure::KeyShare share = stored_share();
    const secure::KeySwitcher switcher(share);
  });
}

TEST(SecureSodiumInit, SamplePoisson) {
  EXPECT_INITIALISES_SODIUM([] { (void)secure::sample_poisson(1, 1); });
}

TEST(SecureSodiumInit, SampleSkellamShares) {
  EXPECT_INITIALISES_SODIUM([] { (void)secure::sample_skellam_shares(secure::SkellamParams{1, 1, 1}, 2); });
}

TEST(SecureSodiumInit, SecAggParticipantCreate) {
  EXPECT_INITIALISES_SODIUM([] { (void)secure::SecAggParticipant::create(secagg_params(), 1); });
}

TEST(SecureSodiumInit, SecAggAggregatorCreate) {
  EXPECT_INITIALISES_SODIUM([] { (void)secure::SecAggAggregator::create(secagg_params()); });
}

}  // namespace
