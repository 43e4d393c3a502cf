#include "holdfast/simulator/SimulatedProgressorLink.h"

#include <pthread.h>

#include <utility>

namespace holdfast::simulator {

namespace {
/// How long finding the device, its service and subscribing takes (a real one: 0.5-2 s).
constexpr double kConnectS = 0.15;
}  // namespace

SimulatedProgressorLink::SimulatedProgressorLink(ProgressorModel model, ProgressorLinkFaults faults,
                                                 std::string address)
    : faults_(std::move(faults)), address_(std::move(address)), device_(std::move(model)) {}

SimulatedProgressorLink::~SimulatedProgressorLink() { disconnect(); }

double SimulatedProgressorLink::now() const {
  return std::chrono::duration<double>(Clock::now() - origin_).count();
}

void SimulatedProgressorLink::connect(daq::LinkEvents& events,
                                      std::function<void(std::string)> done) {
  std::lock_guard lock(mutex_);
  events_ = &events;
  connect_done_ = std::move(done);
  connect_asked_at_ = now();
  if (!thread_.joinable()) {
    stop_ = false;
    thread_ = std::thread([this] { run(); });
  }
  wake_.notify_all();
}

void SimulatedProgressorLink::write(std::string bytes) {
  std::lock_guard lock(mutex_);
  writes_.push_back(std::move(bytes));
  wake_.notify_all();
}

void SimulatedProgressorLink::disconnect() {
  {
    std::lock_guard lock(mutex_);
    if (!thread_.joinable()) return;
    stop_ = true;
    wake_.notify_all();
  }
  thread_.join();  // the writes still queued are sent first (run() ends with them)
  std::lock_guard lock(mutex_);
  events_ = nullptr;
  connect_done_ = nullptr;
  connected_ = false;
  (void)device_.write(wire::progressorCommandBytes(wire::ProgressorCommand::Stop), now());
}

void SimulatedProgressorLink::cueEffort(double strength) {
  std::lock_guard lock(mutex_);
  device_.scenario().cue(now(), strength);
}

void SimulatedProgressorLink::releaseEffort() {
  std::lock_guard lock(mutex_);
  device_.scenario().release(now());
}

void SimulatedProgressorLink::run() {
  pthread_setname_np(pthread_self(), "hf-ble-sim");
  const double period = device_.model().samples_per_notification / device_.model().rate_hz;
  std::unique_lock lock(mutex_);
  while (true) {
    const double t = now();
    // What is said to the engine is said outside the lock (it only queues it).
    std::vector<std::string> notes;
    std::function<void(std::string)> done;
    std::string done_with;
    bool drop = false;
    if (connect_done_ && t >= connect_asked_at_ + kConnectS) {
      done = std::exchange(connect_done_, nullptr);
      if (t < reachable_from_) {
        done_with = "the device did not answer (out of reach)";
      } else {
        connected_ = true;
        connections_.fetch_add(1);
        if (first_connected_at_ < 0.0) first_connected_at_ = t;
      }
    }
    if (connected_) {
      for (; !writes_.empty(); writes_.pop_front())
        for (std::string& r : device_.write(writes_.front(), t)) notes.push_back(std::move(r));
      for (std::string& n : device_.advance(t)) notes.push_back(std::move(n));
      if (next_drop_ < faults_.drops_at_s.size() &&
          t >= first_connected_at_ + faults_.drops_at_s[next_drop_]) {
        // The radio drops: the device stops streaming and is out of reach for a while.
        ++next_drop_;
        drop = true;
        connected_ = false;
        reachable_from_ = t + faults_.out_of_reach_s;
        (void)device_.write(wire::progressorCommandBytes(wire::ProgressorCommand::Stop), t);
      }
    } else {
      writes_.clear();  // written to nobody: a write without a connection is lost
    }
    const bool stopping = stop_;
    daq::LinkEvents* events = events_;
    lock.unlock();
    const auto arrived = Clock::now();
    if (events) {
      for (std::string& n : notes) {
        if (!n.empty() && n[0] == 1) samples_sent_.fetch_add(static_cast<unsigned char>(n[1]) / 8);
        events->notified(std::move(n), arrived);
      }
      if (drop) events->dropped("the simulated radio dropped the connection");
    }
    if (done) done(done_with);
    lock.lock();
    if (stopping) return;
    wake_.wait_for(lock, std::chrono::duration<double>(period), [this] { return stop_; });
  }
}

}  // namespace holdfast::simulator
