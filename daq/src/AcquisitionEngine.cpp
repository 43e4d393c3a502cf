#include "holdfast/daq/AcquisitionEngine.h"

#include "AcquisitionEngineImpl.h"

namespace holdfast::daq {

AcquisitionEngine::AcquisitionEngine(AcquisitionConfig config, std::shared_ptr<RecordingSink> sink)
    : impl_(std::make_shared<Impl>(std::move(config), std::move(sink), true)) {
  if (!impl_->sink) throw DaqError("acquisition without a sink");
}

AcquisitionEngine::AcquisitionEngine(AcquisitionConfig config, RecordingSink& sink)
    // Not owned: an aliasing pointer that owns nothing.
    : impl_(std::make_shared<Impl>(std::move(config),
                                   std::shared_ptr<RecordingSink>(std::shared_ptr<void>(), &sink),
                                   false)) {}

AcquisitionEngine::~AcquisitionEngine() { stop(); }

void AcquisitionEngine::start() {
  Impl& d = *impl_;
  if (d.started) throw DaqError("acquisition already started");
  // The clock starts before the link connects: a notification that arrives at once is never
  // stamped before it.
  d.start_time = Clock::now();
  if (const std::string error = d.transport->open(); !error.empty()) {
    throw DaqError("cannot open " + (d.config.link ? d.config.link->address() : d.config.port) +
                   ": " + error);
  }
  d.opened();
  d.discardStaleInput();
  d.start_time = d.config.link ? d.start_time : Clock::now();
  d.parsed.frames.reserve(16 * 1024);
  d.started = true;
  d.beginStreaming();
  // Each thread holds the state: one left behind by a bounded stop() keeps it alive.
  d.drain_thread = std::thread([self = impl_] {
    self->runDrain();
    self->drain_finished.set_value();
  });
  d.acquisition_thread = std::thread([self = impl_] {
    self->runAcquisition();
    self->acquisition_finished.set_value();
  });
}

StopReport AcquisitionEngine::stop() {
  Impl& d = *impl_;
  if (!d.started || d.stopped) return d.stop_report;
  d.stopped = true;
  const Clock::time_point began = Clock::now();
  const Clock::time_point deadline = began + d.config.stop_limit;
  // Stage 1: the operator's stop, handled on the acquisition thread (stop command, the
  // device's answer, close). A handler blocked in the kernel (a USB adapter whose close waits
  // for output that never leaves) gets the limit, then its io_context is stopped.
  asio::post(d.io, [&d] { d.onStopRequested(); });
  std::future<void> acquisition = d.acquisition_finished.get_future();
  if (acquisition.wait_until(deadline) != std::future_status::ready) {
    d.io.stop();
    if (acquisition.wait_for(milliseconds(250)) != std::future_status::ready) {
      d.stop_report.acquisition_hung = true;
      d.stats.link_errors.fetch_add(1, std::memory_order_relaxed);
      std::lock_guard lock(d.info_mutex);
      if (!d.link_error)
        d.link_error = "the device did not let go of the port within the stop limit";
    }
  }
  if (d.stop_report.acquisition_hung) {
    d.acquisition_thread.detach();
  } else {
    d.acquisition_thread.join();
  }
  // Stage 2: the drain hands what is in flight to the sink. A sink the engine shares gets what
  // is left of the limit (at least 250 ms); one the caller owns must be waited for.
  d.stop_drain.store(true, std::memory_order_release);
  std::future<void> drain = d.drain_finished.get_future();
  if (d.sink_is_shared && drain.wait_until(std::max(deadline, Clock::now() + milliseconds(250))) !=
                              std::future_status::ready) {
    d.drain_abandoned.store(true, std::memory_order_release);
    d.stop_report.sink_hung = true;
    d.drain_thread.detach();
    std::lock_guard lock(d.info_mutex);
    if (!d.sink_error)
      d.sink_error = "the recording did not take the last samples within " +
                     std::to_string(d.config.stop_limit.count()) + " ms (the disk does not answer)";
  } else {
    d.drain_thread.join();
  }
  d.stop_report.took = duration_cast<milliseconds>(Clock::now() - began);
  return d.stop_report;
}

bool AcquisitionEngine::linkEnded() const { return impl_->link_ended.load(); }
bool AcquisitionEngine::reconnecting() const { return impl_->is_reconnecting.load(); }

std::optional<std::string> AcquisitionEngine::linkError() const {
  std::lock_guard lock(impl_->info_mutex);
  return impl_->link_error;
}

std::optional<std::string> AcquisitionEngine::sinkError() const {
  std::lock_guard lock(impl_->info_mutex);
  return impl_->sink_error;
}

const AcquisitionStats& AcquisitionEngine::stats() const { return impl_->stats; }

std::chrono::steady_clock::time_point AcquisitionEngine::startTime() const {
  return impl_->start_time;
}

std::vector<wire::ChannelInfo> AcquisitionEngine::channels() const {
  std::lock_guard lock(impl_->info_mutex);
  return impl_->channel_info;
}

std::vector<std::string> AcquisitionEngine::channelNames() const {
  std::vector<std::string> names;
  for (const wire::ChannelInfo& c : channels()) names.push_back(c.name);
  return names;
}

std::string AcquisitionEngine::deviceIdentity() const {
  std::lock_guard lock(impl_->info_mutex);
  return impl_->device_identity;
}

std::uint32_t AcquisitionEngine::deviceBatteryMv() const {
  std::lock_guard lock(impl_->info_mutex);
  return impl_->battery_mv;
}

std::string AcquisitionEngine::currentPort() const {
  std::lock_guard lock(impl_->info_mutex);
  return impl_->current_port;
}

SpscRing<wire::Frame>& AcquisitionEngine::displayRing() { return impl_->display; }

}  // namespace holdfast::daq
