// holdfast devices --ble and acquire --ble ADDRESS in a build without Qt (-DHOLDFAST_WITH_QT=OFF):
// Qt Bluetooth scans and connects.
#include <iostream>
#include <stdexcept>

#include "Commands.h"

namespace holdfast::app {

std::shared_ptr<daq::NotificationLink> radioLinkFor(const std::string&,
                                                    const daq::AcquisitionConfig&) {
  // Exit 1, as `devices --ble` without Qt: the command is right, this build cannot do it.
  throw std::runtime_error(
      "this holdfast was built without Qt (HOLDFAST_WITH_QT=OFF), whose Bluetooth module "
      "reaches a device; '--ble simulator' works without it");
}

int runBleScan(const ParsedArgs&) {
  std::cerr << "holdfast devices: this holdfast was built without Qt (HOLDFAST_WITH_QT=OFF), "
               "whose Bluetooth module scans; rebuild with Qt\n";
  return kExitFailure;
}

}  // namespace holdfast::app
