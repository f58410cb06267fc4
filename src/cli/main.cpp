// The `oncoshare` executable.
#include "cli/app.hpp"

int main(int argc, char** argv) {
  return oncoshare::cli::run_cli(std::vector<std::string>(argv + 1, argv + argc));
}
