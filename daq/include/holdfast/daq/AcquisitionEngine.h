#pragma once
// The acquisition pipeline of one device:
//
//   serial port --(Boost.Asio, thread "hf-acq")--> parser --> SpscRing<Frame> --(thread
//   "hf-drain")--> RecordingSink (the recorder: HDF5 writer, test vector...)
//
// The acquisition thread timestamps every read, parses, and pushes; it never waits for the disk
// or the UI. A watchdog marks stalls. Every loss is counted in AcquisitionStats and announced by
// an event that the sink stores with the samples.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "holdfast/daq/AcquisitionStats.h"
#include "holdfast/daq/DelimitedTextParser.h"
#include "holdfast/daq/Frame.h"

namespace holdfast::daq {

class DaqError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Receives the recording. Called from the drain thread only, never concurrently.
class RecordingSink {
 public:
  virtual ~RecordingSink() = default;
  virtual void appendFrames(std::span<const Frame> frames) = 0;
  virtual void appendEvent(const AcquisitionEvent& event) = 0;
};

struct AcquisitionConfig {
  std::string port;
  unsigned baud_rate = 115200;
  TextParserConfig text;
  std::size_t ring_capacity = std::size_t{1} << 16;  ///< frames; 65 s at 1 kHz
  std::chrono::milliseconds stall_timeout{2000};
  std::chrono::milliseconds drain_interval{5};
};

class AcquisitionEngine {
 public:
  AcquisitionEngine(AcquisitionConfig config, RecordingSink& sink);
  ~AcquisitionEngine();
  AcquisitionEngine(const AcquisitionEngine&) = delete;
  AcquisitionEngine& operator=(const AcquisitionEngine&) = delete;

  /// Opens the port and starts both threads. Throws DaqError when the port cannot be opened.
  void start();
  /// The operator's stop, final: closes the port, hands every frame and event still in flight
  /// to the sink, and joins both threads. Safe to call twice.
  void stop();

  /// True once the device closed the link or a read failed (the trial should end).
  [[nodiscard]] bool linkEnded() const;
  /// The sink's failure (disk full, ...), if it threw; the recording must stop.
  [[nodiscard]] std::optional<std::string> sinkError() const;
  [[nodiscard]] const AcquisitionStats& stats() const;
  /// Channel names as the device announced them; complete after stop().
  [[nodiscard]] std::vector<std::string> channelNames() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace holdfast::daq
