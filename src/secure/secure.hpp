// oncoshare secure: threshold exponential ElGamal over Ristretto255 for federated counts
// and survival curves. Distributed key generation, encryption, homomorphic addition,
// t-of-N decryption with Chaum-Pedersen proofs, key switching to a researcher's key,
// distributed Skellam noise, and a strict JSON wire format. See docs/secure.md.
#pragma once

#include "secure/ciphertext.hpp"
#include "secure/codec.hpp"
#include "secure/constants.hpp"
#include "secure/dkg.hpp"
#include "secure/dlog_table.hpp"
#include "secure/encryption_pool.hpp"
#include "secure/group.hpp"
#include "secure/joint_decryption.hpp"
#include "secure/key_share.hpp"
#include "secure/key_switch.hpp"
#include "secure/lagrange.hpp"
#include "secure/noise.hpp"
#include "secure/proofs.hpp"
#include "secure/threshold_decryption.hpp"
