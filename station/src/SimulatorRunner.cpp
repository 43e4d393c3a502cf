#include "holdfast/station/SimulatorRunner.h"

#include <pthread.h>

#include <cstdlib>
#include <filesystem>

namespace holdfast::station {

SimulatorRunner::~SimulatorRunner() { stop(); }

void SimulatorRunner::start(simulator::SimulatorConfig config) {
  stop();
  char folder[] = "/tmp/holdfast-sim-XXXXXX";
  if (!mkdtemp(folder)) throw simulator::SimulatorError("cannot create a folder for the simulator");
  folder_ = folder;
  config.link_path = folder_ + "/device";
  try {
    simulator::validateSimulatorConfig(config);
    simulator_ = std::make_unique<simulator::PtySimulator>(config);
  } catch (...) {
    stop();
    throw;
  }
  stop_ = false;
  {
    const std::lock_guard lock(error_mutex_);
    error_.reset();
  }
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "hf-sim");
    try {
      simulator_->run(stop_);
    } catch (const std::exception& e) {
      const std::lock_guard lock(error_mutex_);
      error_ = e.what();
    }
  });
  port_ = config.link_path;
}

void SimulatorRunner::startProgressor(const simulator::ProgressorModel& model) {
  stop();
  {
    const std::lock_guard lock(error_mutex_);
    error_.reset();
  }
  progressor_ = std::make_shared<simulator::SimulatedProgressorLink>(
      model, simulator::ProgressorLinkFaults(), std::string("simulator-progressor"));
  port_ = progressor_->address();
}

void SimulatorRunner::stop() {
  if (progressor_) progressor_->disconnect();
  progressor_.reset();
  if (thread_.joinable()) {
    stop_ = true;
    thread_.join();
  }
  simulator_.reset();
  if (!folder_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(folder_, ec);
    folder_.clear();
  }
  port_.clear();
}

void SimulatorRunner::cueEffort(double strength) {
  if (simulator_) simulator_->cueEffort(strength);
  if (progressor_) progressor_->cueEffort(strength);
}

void SimulatorRunner::cueStance(const std::string& stance, double sway_scale,
                                double touch_down_after_s) {
  if (simulator_) simulator_->cueStance(stance, sway_scale, touch_down_after_s);
}

void SimulatorRunner::releaseEffort() {
  if (simulator_) simulator_->releaseEffort();
  if (progressor_) progressor_->releaseEffort();
}

std::optional<std::string> SimulatorRunner::error() const {
  const std::lock_guard lock(error_mutex_);
  return error_;
}

}  // namespace holdfast::station
