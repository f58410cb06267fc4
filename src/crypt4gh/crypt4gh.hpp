// oncoshare crypt4gh: GA4GH Crypt4GH v1 files and keys, byte-compatible with the reference
// implementation (EGA-archive/crypt4gh), and encrypted archive submission packages.
#pragma once

#include "crypt4gh/checksums.hpp"
#include "crypt4gh/constants.hpp"
#include "crypt4gh/edit_list.hpp"
#include "crypt4gh/header.hpp"
#include "crypt4gh/key_files.hpp"
#include "crypt4gh/keys.hpp"
#include "crypt4gh/passphrase.hpp"
#include "crypt4gh/segment.hpp"
#include "crypt4gh/package.hpp"
#include "crypt4gh/stream.hpp"
#include "crypt4gh/stream_io.hpp"
