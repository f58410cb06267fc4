// `oncoshare node init --out node.toml` and `oncoshare node serve --config node.toml`.
#include <fmt/format.h>

#include <csignal>
#include <filesystem>
#include <memory>
#include <pthread.h>
#include <thread>

#include "cli/command.hpp"
#include "core/atomic_output.hpp"
#include "node/config.hpp"
#include "node/server.hpp"

namespace oncoshare::cli {

namespace {

int run_init(const std::string& out, bool force) {
  if (!force && std::filesystem::exists(out)) {
    return report(core::bad_input("refusing to overwrite an existing file (use --force)", {out}));
  }
  if (auto written = core::write_file_atomically(out, node::example_config()); !written) return report(written.error());
  fmt::print("wrote {}\n", out);
  return 0;
}

int run_serve(const std::string& path) {
  // Block SIGTERM/SIGINT before any thread starts so only the watcher below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto config = node::load_config(path);
  if (!config) return report(config.error());
  auto server = node::NodeServer::create(std::move(*config));
  if (!server) return report(server.error());
  auto port = (*server)->bind();
  if (!port) return report(port.error());
  // One line on stdout, so scripts (and tests) can learn the port when it was 0.
  fmt::print("listening on port {}\n", *port);
  std::fflush(stdout);

  node::NodeServer* raw = server->get();
  std::thread watcher([raw, signals] {
    int received = 0;
    sigwait(&signals, &received);
    if (received != 0) raw->stop();
  });
  auto served = raw->serve();
  // serve() returned because of a signal (normal) or an error: wake the watcher either way.
  pthread_kill(watcher.native_handle(), SIGTERM);
  watcher.join();
  server->reset();  // seals the audit log with a signed closing seal
  fmt::print(stderr, "oncoshare node: stopped\n");
  if (!served) return report(served.error());
  return 0;
}

}  // namespace

void register_node(CLI::App& app, Action& action) {
  auto* node = app.add_subcommand("node", "Site node: mTLS server for federated queries, Beacon v2 and key generation");
  node->require_subcommand(1);

  auto out = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  auto* init = node->add_subcommand("init", "Write a commented example node.toml");
  init->add_option("--out", *out, "file to write")->required();
  init->add_flag("--force", *force, "overwrite an existing file");
  init->callback([&action, out, force] { action = [out, force] { return run_init(*out, *force); }; });

  auto config = std::make_shared<std::string>();
  auto* serve = node->add_subcommand("serve", "Serve datasets over HTTPS with mutual TLS until SIGTERM");
  serve->add_option("--config", *config, "node.toml")->required();
  serve->callback([&action, config] { action = [config] { return run_serve(*config); }; });
}

}  // namespace oncoshare::cli
