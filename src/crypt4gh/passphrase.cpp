#include "crypt4gh/passphrase.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>

namespace oncoshare::crypt4gh {

namespace {

// Reads one line from the terminal with echo disabled (restored afterwards).
core::Result<std::string> read_tty(int fd, const std::string& prompt) {
  (void)!::write(fd, prompt.data(), prompt.size());
  termios saved{};
  const bool is_tty = ::tcgetattr(fd, &saved) == 0;
  if (is_tty) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  std::string line;
  char c = 0;
  while (::read(fd, &c, 1) == 1 && c != '\n') line.push_back(c);
  if (is_tty) ::tcsetattr(fd, TCSAFLUSH, &saved);
  (void)!::write(fd, "\n", 1);
  return line;
}

}  // namespace

core::Result<std::string> ask_passphrase(const std::string& prompt, bool confirm) {
  if (const char* env = std::getenv(kPassphraseEnv)) return std::string(env);
  const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    return core::bad_input("a passphrase is needed but there is no terminal to ask (set C4GH_PASSPHRASE)");
  }
  core::Result<std::string> first = read_tty(fd, prompt);
  if (first && confirm) {
    core::Result<std::string> again = read_tty(fd, "Repeat passphrase: ");
    const bool same = again && *again == *first;
    if (again) sodium_memzero(again->data(), again->size());
    if (!same) {
      sodium_memzero(first->data(), first->size());
      ::close(fd);
      return core::bad_input("the passphrases do not match");
    }
  }
  ::close(fd);
  return first;
}

}  // namespace oncoshare::crypt4gh
