#pragma once
// A Bluetooth LE device through Qt Bluetooth (BlueZ over D-Bus), as the acquisition engine's
// NotificationLink: connect to the address, find the service the protocol names
// (wire::BleServices), subscribe to its data characteristic's notifications (the CCCD written),
// and write commands to its command characteristic. Qt's objects live on a thread of this link's
// own ("hf-ble", its own event loop), so neither `acquire`'s loop nor the station's GUI thread
// carries the radio; a QCoreApplication is made for a program that has none.
//
// What no test here reaches is the radio itself (no adapter on the build machines): without an
// adapter connect() answers at once with one line that says so (docs/bluetooth.md).

#include <memory>
#include <string>

#include "holdfast/daq/NotificationLink.h"
#include "holdfast/wire/BleServices.h"

namespace holdfast::bluetooth {

class QtBleLink final : public daq::NotificationLink {
 public:
  QtBleLink(std::string address, wire::BleService service);
  ~QtBleLink() override;
  QtBleLink(const QtBleLink&) = delete;
  QtBleLink& operator=(const QtBleLink&) = delete;

  void connect(daq::LinkEvents& events, std::function<void(std::string)> done) override;
  void write(std::string bytes) override;
  void disconnect() override;
  /// Keeps the connection (and the subscription) for the next engine.
  void release() override;
  [[nodiscard]] std::string address() const override { return address_; }

 private:
  struct Session;
  std::string address_;
  wire::BleService service_;
  std::unique_ptr<Session> session_;  ///< the Qt side, on the link's thread
};

}  // namespace holdfast::bluetooth
