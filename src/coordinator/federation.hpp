// Who the researcher-side tools talk to: the federation's nodes and this client's TLS
// identity. Read from the [federation] table of study.toml (or a federation.toml).
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "node/toml_reader.hpp"

namespace oncoshare::coordinator {

struct NodeAddress {
  std::string name;  // the node certificate's CN, as it names itself in answers
  std::string host;
  int port = 0;
  friend bool operator==(const NodeAddress&, const NodeAddress&) = default;
};

struct Federation {
  std::string ca;    // the federation CA certificate: the only issuer nodes may present
  std::string cert;  // this client's certificate (researcher, or node for the DKG relay)
  std::string key;
  std::vector<NodeAddress> nodes;
  int timeout_seconds = 30;  // connect/read/write timeout per request
  int retries = 2;           // extra attempts after a transport failure (never after an answer)
};

// Reads a [federation] table: ca, cert, key, timeout_seconds, retries and
// [[federation.nodes]] {name, address = "HOST:PORT"}. Relative paths resolve against
// `base_dir`. Errors name the file, line, column and key.
[[nodiscard]] core::Result<Federation> read_federation(const toml::table& table, const std::string& file,
                                                       const std::string& base_dir);

// A whole file holding one [federation] table.
[[nodiscard]] core::Result<Federation> load_federation(const std::string& path);

// Checks that the CA, certificate and key files can be read, before any connection: an
// io_error names the file and its key (federation.cert), where a TLS client would only
// report a failed request.
[[nodiscard]] core::Status check_credential_files(const Federation& federation);

}  // namespace oncoshare::coordinator
