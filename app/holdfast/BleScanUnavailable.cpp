// holdfast devices --ble in a build without Qt (-DHOLDFAST_WITH_QT=OFF): Qt Bluetooth scans.
#include <iostream>

#include "Commands.h"

namespace holdfast::app {

int runBleScan(const ParsedArgs&) {
  std::cerr << "holdfast devices: this holdfast was built without Qt (HOLDFAST_WITH_QT=OFF), "
               "whose Bluetooth module scans; rebuild with Qt\n";
  return kExitFailure;
}

}  // namespace holdfast::app
