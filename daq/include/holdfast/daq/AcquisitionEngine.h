#pragma once
// The acquisition pipeline of one device:
//
//   serial port, or a NotificationLink (Bluetooth)
//        --(Boost.Asio, thread "hf-acq")--> StreamParser --> SpscRing<Frame> (lossless)
//        ^  commands, polls                              |            --(thread "hf-drain")-->
//        RecordingSink |                                               +--> SpscRing<Frame>
//        (display, lossy) --> UI tick
//
// The acquisition thread timestamps every read, parses, and pushes; it never waits for the disk
// or the UI. A watchdog marks stalls. When the link is lost (unplug, hang-up, read error, or a
// stall that lasts) the engine closes the port and re-opens it with backoff (250 ms doubling to
// 5 s, with jitter), finding the device again by its USB serial number when one is given; the
// recording gets a Reconnected marker and a new segment. The operator's stop is final.
// Every loss is counted in AcquisitionStats and announced by an event stored with the samples.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "holdfast/daq/AcquisitionStats.h"
#include "holdfast/daq/NotificationLink.h"
#include "holdfast/daq/SpscRing.h"
#include "holdfast/wire/BleServices.h"
#include "holdfast/wire/DeviceProtocol.h"
#include "holdfast/wire/Frame.h"

namespace holdfast::daq {

class DaqError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Receives the recording. Called from the drain thread only, never concurrently.
class RecordingSink {
 public:
  virtual ~RecordingSink() = default;
  /// Once, right before beginRecording: what the device said about itself in its dialogue
  /// (firmware or identity, battery in mV; "" and 0 when it said nothing), so that a recording
  /// cut short (a crash, a kill) keeps it with its first record.
  virtual void deviceDescribed(const std::string& identity, std::uint32_t battery_mv) {
    (void)identity;
    (void)battery_mv;
  }
  /// Once, before the first frames: the device's channels as the parser knows them then.
  virtual void beginRecording(std::span<const wire::ChannelInfo> channels) { (void)channels; }
  virtual void appendFrames(std::span<const wire::Frame> frames) = 0;
  virtual void appendEvent(const wire::AcquisitionEvent& event) = 0;
  /// An event with words for a person (what the acquisition thread threw, for a link_error);
  /// sinks that keep no text store the event alone.
  virtual void appendDescribedEvent(const wire::AcquisitionEvent& event,
                                    const std::string& detail) {
    (void)detail;
    appendEvent(event);
  }
};

struct ReconnectPolicy {
  bool enabled = false;
  std::chrono::milliseconds first_backoff{250};
  std::chrono::milliseconds max_backoff{5000};
  std::chrono::milliseconds give_up_after{10000};  ///< without a link; 0 = never give up
  /// A stall this long is treated as a lost link (a USB adapter that hangs without EOF).
  std::chrono::milliseconds stall_is_loss_after{6000};
};

struct AcquisitionConfig {
  std::string port;
  std::string usb_serial;  ///< when set, a reconnect looks the port up by this serial number
  wire::Protocol protocol = wire::Protocol::Csv;
  unsigned baud_rate = 115200;
  wire::TextParserConfig text;                       ///< the csv protocol's options
  std::size_t ring_capacity = std::size_t{1} << 16;  ///< frames; 65 s at 1 kHz
  std::size_t display_capacity = std::size_t{1} << 14;
  std::chrono::milliseconds stall_timeout{2000};
  std::chrono::milliseconds drain_interval{5};
  std::chrono::milliseconds stop_reply_timeout{1500};  ///< wait for "Capture ended:"
  /// A stop with no reply (the Progressor): what is still in flight is read for this long.
  std::chrono::milliseconds stop_grace{250};
  /// The longest stop() waits for the acquisition thread and then for the drain (a device or a
  /// disk that hangs); what has not finished by then is left behind (see StopReport).
  std::chrono::milliseconds stop_limit{5000};
  double poll_rate_hz = 50.0;  ///< polled devices (Mark-10)
  std::chrono::milliseconds poll_timeout{250};
  ReconnectPolicy reconnect;
  std::string thread_name = "hf-acq";  ///< at most 15 characters (Linux thread names)

  /// A Bluetooth device instead of a serial port: the link that carries its notifications
  /// (`port` is then unused; the link's address is where the device is). It speaks
  /// `ble_service`; over the Nordic UART Service, `protocol` (and `text`) is the text carried.
  std::shared_ptr<NotificationLink> link;
  wire::BleService ble_service = wire::BleService::TindeqProgressor;
  std::chrono::milliseconds connect_timeout{20000};  ///< start() waits this long for the link
  bool tare_at_start = false;  ///< zero the device before its stream (a protocol with a tare)
};

/// How stop() went. A thread that did not finish within AcquisitionConfig::stop_limit is left
/// running on its own (it keeps the engine's state, and a shared sink, alive until it returns)
/// and never calls the sink again once it does.
struct StopReport {
  bool acquisition_hung = false;  ///< the acquisition thread was blocked (a device that hangs)
  bool sink_hung = false;         ///< the sink did not return (a disk that hangs)
  std::chrono::milliseconds took{0};
  [[nodiscard]] bool complete() const { return !acquisition_hung && !sink_hung; }
};

class AcquisitionEngine {
 public:
  /// The engine shares the sink: when the sink hangs (a disk that does not answer), stop()
  /// still returns within the limit and the sink lives on until its call returns.
  AcquisitionEngine(AcquisitionConfig config, std::shared_ptr<RecordingSink> sink);
  /// For sinks that cannot hang (memory, discard): the caller keeps the sink alive for as long
  /// as the engine, and stop() waits for the drain without a limit.
  AcquisitionEngine(AcquisitionConfig config, RecordingSink& sink);
  ~AcquisitionEngine();
  AcquisitionEngine(const AcquisitionEngine&) = delete;
  AcquisitionEngine& operator=(const AcquisitionEngine&) = delete;

  /// Opens the port (or connects the link) and starts both threads. Throws DaqError when the
  /// port cannot be opened (the link does not connect within connect_timeout).
  void start();
  /// The operator's stop, final: asks the device to end its capture (and waits for its answer
  /// when the protocol has one), closes the port, hands every frame and event still in flight
  /// to the sink, and joins both threads. Bounded (staged, as liblsl shuts down): the
  /// acquisition thread gets stop_limit, then its io_context is stopped; the drain gets what is
  /// left of the limit (a shared sink) and is then abandoned. Safe to call twice: the second
  /// call returns the first one's report.
  StopReport stop();

  /// True once the link is gone for good (closed and not coming back, or reconnect gave up).
  [[nodiscard]] bool linkEnded() const;
  /// True while the link is lost and the engine is trying to get it back.
  [[nodiscard]] bool reconnecting() const;
  /// The sink's failure (disk full, ...), if it threw; the recording must stop.
  [[nodiscard]] std::optional<std::string> sinkError() const;
  /// What the acquisition thread last threw (the link_error event's reason), if it did.
  [[nodiscard]] std::optional<std::string> linkError() const;
  [[nodiscard]] const AcquisitionStats& stats() const;
  /// The channels as the device described them; complete after stop().
  [[nodiscard]] std::vector<wire::ChannelInfo> channels() const;
  [[nodiscard]] std::vector<std::string> channelNames() const;
  /// The port in use (it changes when a reconnect found the device under another path).
  [[nodiscard]] std::string currentPort() const;
  /// The device's firmware version as it answered (Chronojump "Force_Sensor-0.6"), "" when
  /// the protocol has no such question or it did not answer.
  [[nodiscard]] std::string deviceIdentity() const;
  /// The battery voltage the device answered (the Progressor), in mV; 0 when it did not.
  [[nodiscard]] std::uint32_t deviceBatteryMv() const;

  /// The lossy copy of the stream for a display: one consumer (the UI tick) pops from it;
  /// when it is full new frames are dropped and counted in stats().display_drops.
  [[nodiscard]] SpscRing<wire::Frame>& displayRing();
  /// The steady-clock instant Frame::host_time_ns counts from (set by start()).
  [[nodiscard]] std::chrono::steady_clock::time_point startTime() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;  ///< shared with the threads, which may outlive a bounded stop
};

}  // namespace holdfast::daq
