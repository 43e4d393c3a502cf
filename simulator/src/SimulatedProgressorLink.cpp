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
  // Still connected (released by the last engine): the answer comes at once.
  connect_asked_at_ = connected_ ? now() - kConnectS : now();
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

void SimulatedProgressorLink::release() {
  {
    std::lock_guard lock(mutex_);
    events_ = nullptr;
    connect_done_ = nullptr;
    if (!connected_) {
      // Nothing to keep: a link that is not connected is let go of entirely.
      wake_.notify_all();
    }
  }
  std::lock_guard wait_for_calls(calling_);  // a call under way has ended when this is taken
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
      } else if (!connected_) {
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
    lock.unlock();
    const auto arrived = Clock::now();
    {
      // The engine is called with calling_ held and the pointer read again under mutex_: once
      // release() or disconnect() cleared it and took calling_, no call can follow.
      std::lock_guard call(calling_);
      daq::LinkEvents* events = nullptr;
      {
        std::lock_guard again(mutex_);
        events = events_;
      }
      if (events) {
        for (std::string& n : notes) {
          if (!n.empty() && n[0] == 1)
            samples_sent_.fetch_add(static_cast<unsigned char>(n[1]) / 8);
          events->notified(std::move(n), arrived);
        }
        if (drop) events->dropped("the simulated radio dropped the connection");
      }
      if (done) done(done_with);
    }
    lock.lock();
    if (stopping) return;
    wake_.wait_for(lock, std::chrono::duration<double>(period), [this] { return stop_; });
  }
}

}  // namespace holdfast::simulator
