#pragma once
// Serial ports the operating system knows, through libserialport (which reads USB descriptors
// from sysfs; it cannot open pseudo-terminals, which is why the byte stream goes through Asio).

#include <string>
#include <vector>

namespace holdfast::daq {

struct SerialPortInfo {
  std::string path;  ///< e.g. /dev/ttyUSB0
  std::string description;
  std::string transport;      ///< "usb", "native", "bluetooth"
  std::string usb_vid_pid;    ///< "2341:0043" for USB ports, empty otherwise
  std::string serial_number;  ///< USB serial number: how a device is found again after replug
  std::string manufacturer;
  std::string product;
};

/// Throws DaqError when the system's port list cannot be read.
[[nodiscard]] std::vector<SerialPortInfo> listSerialPorts();

}  // namespace holdfast::daq
