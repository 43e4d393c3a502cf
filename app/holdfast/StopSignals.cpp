#include <csignal>

#include <atomic>

#include "Commands.h"

namespace holdfast::app {
namespace {
std::atomic<bool> g_stop{false};
extern "C" void onStopSignal(int) { g_stop.store(true); }
}  // namespace

void installStopSignals() {
  struct sigaction sa {};
  sa.sa_handler = onStopSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGHUP, &sa, nullptr);
}

bool stopRequested() { return g_stop.load(); }

}  // namespace holdfast::app
