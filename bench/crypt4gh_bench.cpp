// Crypt4GH throughput as users see it: `oncoshare crypt4gh encrypt` and `decrypt` run as
// whole processes on real files, file in / file out and through stdin / stdout, next to the
// reference Python CLI (`crypt4gh`, when on PATH), the raw AEAD of libsodium and of OpenSSL
// over the same bytes (the ceiling) and cp / cat of the file (the I/O floor), all in one run. Each line gives
// MB/s of plaintext, the peak RSS of its process, its wall time and the cores it kept busy
// on average (CPU time / wall time). Sizes in MiB are the arguments
// (default 64); --repeat N keeps each line's fastest of N runs (default 3). See docs/crypt4gh.md.
#include <fmt/format.h>
#include <sodium.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/sodium.hpp"
#include "crypt4gh/crypt4gh.hpp"
#include "crypt4gh_ceiling.hpp"
#include "crypt4gh_in_process.hpp"
#include "must.hpp"
#include "scratch_dir.hpp"
#include "whole_process.hpp"

namespace bench = oncoshare::bench;
namespace c4gh = oncoshare::crypt4gh;

namespace {

// `name` found on PATH, or nullopt.
std::optional<std::string> on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "";
  for (std::size_t at = 0; at <= dirs.size();) {
    const std::size_t end = std::min(dirs.find(':', at), dirs.size());
    const std::string candidate = dirs.substr(at, end - at) + "/" + name;
    if (end > at && ::access(candidate.c_str(), X_OK) == 0) return candidate;
    at = end + 1;
  }
  return std::nullopt;
}

// `bytes` random bytes in `path`, written 1 MiB at a time.
void write_random_file(const std::string& path, std::uint64_t bytes) {
  std::ofstream out(path, std::ios::binary);
  std::vector<char> block(1 << 20);
  for (std::uint64_t left = bytes; left > 0;) {
    randombytes_buf(block.data(), block.size());
    const auto n = static_cast<std::streamsize>(std::min<std::uint64_t>(left, block.size()));
    out.write(block.data(), n);
    left -= static_cast<std::uint64_t>(n);
  }
  if (!out) bench::fail("writing the input", oncoshare::core::io_error("write failed", {path}));
}

bool same_contents(const std::string& a, const std::string& b) {
  std::ifstream fa(a, std::ios::binary), fb(b, std::ios::binary);
  std::vector<char> ba(1 << 20), bb(1 << 20);
  while (fa && fb) {
    fa.read(ba.data(), static_cast<std::streamsize>(ba.size()));
    fb.read(bb.data(), static_cast<std::streamsize>(bb.size()));
    if (fa.gcount() != fb.gcount() || std::memcmp(ba.data(), bb.data(), static_cast<std::size_t>(fa.gcount())) != 0) {
      return false;
    }
  }
  return fa.eof() && fb.eof();
}

struct Runner {
  std::string log;
  int repeat = 1;
  double megabytes = 0;  // of plaintext, per run

  // Runs the command `repeat` times, keeps the fastest, prints its line; returns its wall ms.
  // Every run starts alike: its output (stdout or `output`) gone and no dirty page of an
  // earlier run left to write back, so no run pays for truncating or flushing another's.
  double line(const std::string& label, const std::vector<std::string>& argv, const bench::Redirect& redirect = {},
              const std::string& output = "") const {
    bench::ProcessRun best;
    for (int i = 0; i < repeat; ++i) {
      for (const std::string& path : {redirect.stdout_path, output}) {
        if (!path.empty()) std::filesystem::remove(path);
      }
      ::sync();
      const bench::ProcessRun run = bench::run_process(argv, log, redirect);
      if (run.exit_code != 0) {
        std::fprintf(stderr, "crypt4gh_bench: %s failed (exit %d); its stderr is in %s\n", label.c_str(), run.exit_code,
                     log.c_str());
        std::exit(1);
      }
      if (i == 0 || run.wall_ms < best.wall_ms) best = run;
    }
    const double wall = best.wall_ms / 1e3;
    std::printf("  %-52s %9.1f MB/s  %8.1f MiB  %6.2f s  %5.2f\n", label.c_str(), megabytes / wall, best.peak_rss_mib,
                wall, best.cpu_seconds / wall);
    return best.wall_ms;
  }

  void in_process_line(const std::string& label, double seconds) const {
    std::printf("  %-52s %9.1f MB/s  %12s  %6.2f s\n", label.c_str(), megabytes / seconds, "(in-process)", seconds);
  }
};

void write_key_files(const std::string& sk_path, const std::string& pk_path) {
  const c4gh::SecretKey key = c4gh::SecretKey::generate();
  const std::string secret = bench::must(c4gh::format_secret_key(key, c4gh::Kdf::none, "", std::nullopt), "key");
  std::ofstream(sk_path, std::ios::binary) << secret;
  std::ofstream(pk_path, std::ios::binary) << c4gh::format_public_key(key.public_key());
  std::filesystem::permissions(sk_path, std::filesystem::perms::owner_read);
}

void run_size(std::uint64_t mib, int repeat, const std::optional<std::string>& reference) {
  const bench::ScratchDir dir("crypt4gh-bench");
  const std::string d = dir.path() + "/";
  const std::string plain = d + "plain", sealed = d + "sealed.c4gh", opened = d + "opened", sk = d + "bench.sec",
                    pk = d + "bench.pub", copy = d + "copy";
  const std::uint64_t total = mib << 20;
  write_random_file(plain, total);
  write_key_files(sk, pk);
  const Runner run{d + "log", repeat, static_cast<double>(total) / 1e6};
  const std::string binary = ONCOSHARE_BINARY;
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());

  std::printf("crypt4gh_bench: %llu MiB file, 64 KiB segments, %u cores, fastest of %d\n",
              static_cast<unsigned long long>(mib), cores, repeat);
  std::printf("  %-52s %14s  %12s  %8s  %5s\n", "", "MB/s", "peak RSS", "wall", "cores");
  run.line("cp FILE COPY (I/O floor)", {"/bin/cp", plain, copy}, {}, copy);
  run.line("cat < FILE > COPY (I/O floor)", {"/bin/cat"}, {plain, copy});
  // The shell's quoting of a path under $TMPDIR (no single quotes in it).
  auto quoted = [](const std::string& path) { return "'" + path + "'"; };
  auto piped = [&](const std::vector<std::string>& argv) {
    std::string command = "cat " + quoted(plain) + " |";
    for (const std::string& arg : argv) command += " " + quoted(arg);
    return std::vector<std::string>{"/bin/sh", "-c", command + " | cat > " + quoted(d + "piped.c4gh")};
  };
  run.line("cat FILE | cat | cat > OUT (I/O floor, pipes)", piped({"cat"}), {}, d + "piped.c4gh");
  run.in_process_line("libsodium AEAD (the reference's), 1 thread",
                      bench::raw_aead_seconds(total, 1, bench::AeadLibrary::libsodium));
  run.in_process_line(fmt::format("libsodium AEAD, {} threads", cores),
                      bench::raw_aead_seconds(total, cores, bench::AeadLibrary::libsodium));
  run.in_process_line("OpenSSL AEAD (oncoshare's), 1 thread", bench::raw_aead_seconds(total, 1, bench::AeadLibrary::openssl));
  run.in_process_line(fmt::format("OpenSSL AEAD, {} threads (ceiling)", cores),
                      bench::raw_aead_seconds(total, cores, bench::AeadLibrary::openssl));

  const std::vector<std::string> encrypt{binary, "crypt4gh", "encrypt", "--recipient_pk", pk};
  const std::vector<std::string> decrypt{binary, "crypt4gh", "decrypt", "--sk", sk};
  auto with = [](std::vector<std::string> argv, std::initializer_list<std::string> more) {
    argv.insert(argv.end(), more);
    return argv;
  };
  const double ours_pipe = run.line("oncoshare crypt4gh encrypt < FILE > OUT", encrypt, {plain, sealed});
  const double ours_piped = run.line("cat FILE | oncoshare crypt4gh encrypt | cat > OUT", piped(encrypt), {}, d + "piped.c4gh");
  run.line("oncoshare crypt4gh encrypt -i FILE -o OUT", with(encrypt, {"-i", plain, "-o", sealed + ".2"}), {},
           sealed + ".2");
  std::filesystem::remove(sealed + ".2");
  std::optional<double> reference_encrypt;
  std::optional<double> reference_piped;
  if (reference) {
    const std::vector<std::string> reference_encrypt_argv{*reference, "encrypt", "--recipient_pk", pk};
    reference_encrypt = run.line("reference crypt4gh encrypt < FILE > OUT", reference_encrypt_argv,
                                 {plain, d + "reference.c4gh"});
    reference_piped = run.line("cat FILE | reference crypt4gh encrypt | cat > OUT", piped(reference_encrypt_argv), {},
                               d + "piped.c4gh");
  } else {
    std::printf("  %-52s skipped: no `crypt4gh` on PATH (pip install crypt4gh)\n", "reference crypt4gh encrypt");
  }
  run.line("oncoshare crypt4gh decrypt < FILE > OUT", decrypt, {sealed, opened});
  if (!same_contents(plain, opened)) bench::fail("decrypt", oncoshare::core::bad_input("output differs from the input"));
  std::filesystem::remove(opened);
  run.line("oncoshare crypt4gh decrypt -i FILE -o OUT", with(decrypt, {"-i", sealed, "-o", opened}), {}, opened);
  if (!same_contents(plain, opened)) bench::fail("decrypt", oncoshare::core::bad_input("output differs from the input"));
  std::filesystem::remove(opened);
  std::optional<double> reference_decrypt;
  if (reference) {
    reference_decrypt = run.line("reference crypt4gh decrypt < FILE > OUT", {*reference, "decrypt", "--sk", sk},
                                 {sealed, opened});
    if (!same_contents(plain, opened)) bench::fail("reference decrypt", oncoshare::core::bad_input("output differs"));
  }
  const bench::InProcessTimes in_process = bench::time_in_process(total);
  run.in_process_line("in-process encrypt (no I/O, no process start)", in_process.encrypt_seconds);
  run.in_process_line("in-process decrypt (no I/O, no process start)", in_process.decrypt_seconds);
  if (reference_encrypt && reference_piped) {
    std::printf("  oncoshare / reference wall time, encrypt: %.2f from and to files, %.2f through pipes\n",
                ours_pipe / *reference_encrypt, ours_piped / *reference_piped);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each line as soon as it is measured
  oncoshare::core::ensure_sodium();
  int repeat = 3;  // single runs stall now and then on a shared disk
  std::vector<std::uint64_t> sizes;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else {
      sizes.push_back(std::strtoull(argv[i], nullptr, 10));
    }
  }
  if (sizes.empty()) sizes.push_back(64);
  const std::optional<std::string> reference = on_path("crypt4gh");
  for (const std::uint64_t mib : sizes) run_size(mib, repeat, reference);
  return 0;
}
