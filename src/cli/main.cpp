// The `oncoshare` executable.
#include <csignal>

#include "cli/app.hpp"

int main(int argc, char** argv) {
  // A peer closing a kept-alive connection must surface as a write error naming the node,
  // not kill the process silently.
  std::signal(SIGPIPE, SIG_IGN);
  return oncoshare::cli::run_cli(std::vector<std::string>(argv + 1, argv + argc));
}
