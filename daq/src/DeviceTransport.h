#pragma once
// What the acquisition engine reads from and writes to, driven from its acquisition thread (the
// io_context): a serial port (SerialTransport) or a NotificationLink such as a Bluetooth device
// (LinkTransport). The engine's parsing, timing, counting and reconnecting are the same for
// both; only how bytes arrive and leave differs. Private to daq.

#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "holdfast/daq/AcquisitionEngine.h"

namespace holdfast::daq::detail {

using Clock = std::chrono::steady_clock;
/// One read: the bytes (one whole notification from a link), when the driver handed them over,
/// or the error that ended the link (eof: the other end went away).
using ReadHandler =
    std::function<void(const boost::system::error_code&, std::span<const char>, Clock::time_point)>;
using WriteHandler = std::function<void(const boost::system::error_code&)>;
/// "" when open, else why not.
using OpenHandler = std::function<void(const std::string& error)>;

class DeviceTransport {
 public:
  virtual ~DeviceTransport() = default;
  /// Opens for start(), on the caller's thread: "" or why not.
  virtual std::string open() = 0;
  /// Opens again after a loss (the reconnect); `done` runs on the acquisition thread.
  virtual void reopen(OpenHandler done) = 0;
  /// Closes; a read or write in flight completes with operation_aborted or not at all.
  virtual void close() = 0;
  virtual void asyncRead(ReadHandler handler) = 0;
  /// `bytes` stays alive until the handler ran (the engine's write queue holds it).
  virtual void asyncWrite(const std::string& bytes, WriteHandler handler) = 0;
  /// Bytes already waiting, read at once without waiting (empty when none, or on an error,
  /// which the next asyncRead reports), stamped when read; valid until the next read. Lets the
  /// engine take a fast stream read after read without a trip through the io_context each time.
  virtual std::span<const char> readWaiting(Clock::time_point& arrived) = 0;
  /// Bytes that waited from before the start (a serial port's input buffer); "" for a link.
  virtual std::string takeStale() = 0;
  /// Where the device is now: a port path (it changes when a replug moved it), an address.
  [[nodiscard]] virtual std::string where() const = 0;
};

std::unique_ptr<DeviceTransport> makeSerialTransport(boost::asio::io_context& io,
                                                     const AcquisitionConfig& config);
std::unique_ptr<DeviceTransport> makeLinkTransport(boost::asio::io_context& io,
                                                   const AcquisitionConfig& config);

}  // namespace holdfast::daq::detail
