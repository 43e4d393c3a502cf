// The serial port under the engine: Boost.Asio's serial_port, 8N1 without flow control, found
// again by its USB serial number after a replug.
#include <sys/ioctl.h>
#include <unistd.h>

#include <boost/asio/serial_port.hpp>
#include <boost/asio/write.hpp>
#include <vector>

#include "DeviceTransport.h"
#include "holdfast/daq/SerialPortList.h"

namespace holdfast::daq::detail {

namespace asio = boost::asio;

namespace {

class SerialTransport final : public DeviceTransport {
 public:
  SerialTransport(asio::io_context& io, const AcquisitionConfig& config)
      : config_(config), port_(io), path_(config.port) {}

  std::string open() override {
    const auto ec = openPath(config_.port);
    return ec ? ec.message() : std::string();
  }

  void reopen(OpenHandler done) override {
    const auto ec = openPath(resolvePort());
    done(ec ? ec.message() : std::string());
  }

  void close() override {
    boost::system::error_code ignored;
    port_.cancel(ignored);
    port_.close(ignored);
  }

  void asyncRead(ReadHandler handler) override {
    port_.async_read_some(
        asio::buffer(buffer_),
        [this, h = std::move(handler)](const boost::system::error_code& ec, std::size_t n) {
          h(ec, std::span<const char>(buffer_.data(), ec ? 0 : n), Clock::now());
        });
  }

  void asyncWrite(const std::string& bytes, WriteHandler handler) override {
    asio::async_write(
        port_, asio::buffer(bytes),
        [h = std::move(handler)](const boost::system::error_code& ec, std::size_t) { h(ec); });
  }

  /// Asio made the descriptor non-blocking at its first asynchronous read, which comes first.
  std::span<const char> readWaiting(Clock::time_point& arrived) override {
    const ssize_t n = ::read(port_.native_handle(), buffer_.data(), buffer_.size());
    if (n <= 0) return {};
    arrived = Clock::now();
    return {buffer_.data(), static_cast<std::size_t>(n)};
  }

  /// What sat in the port's input buffer before the start: no more than is waiting is read.
  std::string takeStale() override {
    const int fd = port_.native_handle();
    int pending = 0;
    if (ioctl(fd, FIONREAD, &pending) != 0 || pending <= 0) return {};
    std::string stale(static_cast<std::size_t>(pending), '\0');
    const ssize_t n = ::read(fd, stale.data(), stale.size());
    stale.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return stale;
  }

  [[nodiscard]] std::string where() const override { return path_; }

 private:
  boost::system::error_code openPath(const std::string& path) {
    boost::system::error_code ec;
    port_.open(path, ec);
    if (ec) return ec;
    using sp = asio::serial_port_base;
    port_.set_option(sp::baud_rate(config_.baud_rate), ec);
    if (!ec) port_.set_option(sp::character_size(8), ec);
    if (!ec) port_.set_option(sp::parity(sp::parity::none), ec);
    if (!ec) port_.set_option(sp::stop_bits(sp::stop_bits::one), ec);
    if (!ec) port_.set_option(sp::flow_control(sp::flow_control::none), ec);
    if (ec) {
      boost::system::error_code ignored;
      port_.close(ignored);
      return ec;
    }
    path_ = path;
    return ec;
  }

  std::string resolvePort() const {
    if (config_.usb_serial.empty()) return config_.port;
    try {
      for (const SerialPortInfo& p : listSerialPorts()) {
        if (p.serial_number == config_.usb_serial) return p.path;
      }
    } catch (const std::exception&) {
      // The port list could not be read this time; try the last known path.
    }
    return config_.port;
  }

  const AcquisitionConfig& config_;
  asio::serial_port port_;
  std::string path_;
  std::vector<char> buffer_ = std::vector<char>(16 * 1024);
};

}  // namespace

std::unique_ptr<DeviceTransport> makeSerialTransport(asio::io_context& io,
                                                     const AcquisitionConfig& config) {
  return std::make_unique<SerialTransport>(io, config);
}

}  // namespace holdfast::daq::detail
