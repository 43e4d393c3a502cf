#include "holdfast/wire/BleServices.h"

#include <cctype>

#include "holdfast/wire/InputError.h"
#include "holdfast/wire/UnknownName.h"

namespace holdfast::wire {

const std::vector<BleServiceDescription>& bleServices() {
  static const std::vector<BleServiceDescription> all = {
      {BleService::TindeqProgressor, "tindeq-progressor", "7e4e1701-1ea6-40c9-9dcc-13d34ffead57",
       "7e4e1702-1ea6-40c9-9dcc-13d34ffead57", "7e4e1703-1ea6-40c9-9dcc-13d34ffead57",
       "Tindeq Progressor (and clones such as Crimpdeq): float32 kg + uint32 us, about 80 Hz",
       "Tindeq Progressor"},
      {BleService::NordicUart, "ble-uart", "6e400001-b5a3-f393-e0a9-e50e24dcca9e",
       "6e400003-b5a3-f393-e0a9-e50e24dcca9e", "6e400002-b5a3-f393-e0a9-e50e24dcca9e",
       "Nordic UART Service: a text protocol (csv, chronojump, openscale, mark10) over Bluetooth",
       "Bluetooth UART device"},
  };
  return all;
}

std::vector<std::string> bleServiceNames() {
  std::vector<std::string> names;
  for (const auto& d : bleServices()) names.push_back(d.name);
  return names;
}

const BleServiceDescription& describeBleService(const std::string& name) {
  for (const auto& d : bleServices())
    if (d.name == name) return d;
  throw InputError(unknownNameMessage("Bluetooth protocol", name, bleServiceNames()));
}

const BleServiceDescription& describeBleService(BleService service) {
  for (const auto& d : bleServices())
    if (d.service == service) return d;
  throw InputError("unknown Bluetooth service");
}

std::string canonicalUuid(const std::string& text) {
  std::string s;
  for (char c : text) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  if (s.size() == 4 || (s.size() == 6 && s.rfind("0x", 0) == 0)) {
    const std::string short_form = s.substr(s.size() - 4);
    for (char c : short_form)
      if (!hex(c)) return "";
    return "0000" + short_form + "-0000-1000-8000-00805f9b34fb";  // the Bluetooth base UUID
  }
  if (s.size() != 36) return "";
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !hex(s[i])) return "";
  }
  return s;
}

}  // namespace holdfast::wire
