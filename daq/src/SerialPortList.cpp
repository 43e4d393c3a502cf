#include "holdfast/daq/SerialPortList.h"

#include <libserialport.h>

#include <cstdio>

#include "holdfast/daq/AcquisitionEngine.h"

namespace holdfast::daq {
namespace {
std::string text(const char* s) { return s ? std::string(s) : std::string(); }
}  // namespace

std::vector<SerialPortInfo> listSerialPorts() {
  sp_port** ports = nullptr;
  if (sp_list_ports(&ports) != SP_OK) {
    char* msg = sp_last_error_message();
    std::string why = text(msg);
    sp_free_error_message(msg);
    throw DaqError("cannot list serial ports: " + why);
  }
  std::vector<SerialPortInfo> result;
  for (int i = 0; ports[i] != nullptr; ++i) {
    sp_port* p = ports[i];
    SerialPortInfo info;
    info.path = text(sp_get_port_name(p));
    info.description = text(sp_get_port_description(p));
    switch (sp_get_port_transport(p)) {
      case SP_TRANSPORT_USB: {
        info.transport = "usb";
        int vid = 0, pid = 0;
        if (sp_get_port_usb_vid_pid(p, &vid, &pid) == SP_OK) {
          char buf[16];
          std::snprintf(buf, sizeof buf, "%04x:%04x", vid & 0xffff, pid & 0xffff);
          info.usb_vid_pid = buf;
        }
        info.serial_number = text(sp_get_port_usb_serial(p));
        info.manufacturer = text(sp_get_port_usb_manufacturer(p));
        info.product = text(sp_get_port_usb_product(p));
        break;
      }
      case SP_TRANSPORT_BLUETOOTH:
        info.transport = "bluetooth";
        break;
      default:
        info.transport = "native";
        break;
    }
    result.push_back(std::move(info));
  }
  sp_free_port_list(ports);
  return result;
}

}  // namespace holdfast::daq
