#pragma once
// A device that sends its data as messages and takes its commands as writes: a Bluetooth LE
// device's data characteristic (notifications) and command characteristic (writes). The
// acquisition engine reads one the way it reads a serial port (AcquisitionConfig::link): the
// same parser, rings, journal, counters and reconnects. Implemented by the radio
// (bluetooth::QtBleLink, Qt Bluetooth) and without one (simulator::SimulatedProgressorLink), so
// everything but the radio is tested here (docs/bluetooth.md).
//
// Threads: a link calls its LinkEvents from a thread of its own; the engine moves each call onto
// its acquisition thread. No Asio or Qt type appears here.

#include <chrono>
#include <functional>
#include <string>

namespace holdfast::daq {

/// What a link tells the engine. Called from the link's thread, never after disconnect() returned.
class LinkEvents {
 public:
  virtual ~LinkEvents() = default;
  /// One notification of the data characteristic, stamped when the driver handed it over (the
  /// engine's timestamps are taken at the driver, as for a serial read).
  virtual void notified(std::string bytes, std::chrono::steady_clock::time_point arrived) = 0;
  /// The connection is gone (out of range, switched off, the adapter lost it).
  virtual void dropped(std::string reason) = 0;
};

class NotificationLink {
 public:
  virtual ~NotificationLink() = default;
  /// Connects, finds the service and its characteristics and subscribes to the data one. Calls
  /// `done` once, from the link's thread: with "" when notifications now flow to `events`, or
  /// with the reason it could not. Called again for a reconnect after a drop.
  virtual void connect(LinkEvents& events, std::function<void(std::string error)> done) = 0;
  /// Writes a command to the command characteristic; writes go in the order they were asked.
  virtual void write(std::string bytes) = 0;
  /// Sends the writes still queued, then disconnects; a connect in progress is abandoned. When
  /// it returns, neither `events` nor a connect's `done` is called any more.
  virtual void disconnect() = 0;
  /// The engine is done with the link (a trial ended): as disconnect() for `events` and `done`,
  /// but a link that can stay connected keeps the connection, so the next engine's connect()
  /// answers at once instead of finding the device again (Bluetooth: a second or two of
  /// service discovery between the station's monitoring and each trial).
  virtual void release() { disconnect(); }
  /// The device's address (or the simulator's name), as shown and stored with the trial.
  [[nodiscard]] virtual std::string address() const = 0;
};

}  // namespace holdfast::daq
