// Writes the seed corpus of the fuzz targets (fuzz/corpus/<target>/): for each protocol, what
// the simulated device sends at boot and for 40 samples of two channels (the bytes real devices
// send, so the fuzzer starts from valid frames and mutates them). Usage: SeedCorpus DIR
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "holdfast/simulator/SimulatedDevice.h"
#include "holdfast/wire/DeviceProtocol.h"

using namespace holdfast::simulator;
using namespace holdfast::wire;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: SeedCorpus DIR\n");
    return 2;
  }
  const std::filesystem::path dir = std::filesystem::path(argv[1]) / "StreamParserFuzz";
  std::filesystem::create_directories(dir);
  const auto& all = protocolDescriptions();
  for (std::size_t p = 0; p < all.size(); ++p) {
    for (int cells : {0, 4}) {
      if (cells == 4 && all[p].protocol != Protocol::HoldfastBinary &&
          all[p].protocol != Protocol::Csv)
        continue;
      DeviceModel model;
      model.protocol = all[p].protocol;
      model.channels = 2;
      model.cells_per_plate = cells;
      std::unique_ptr<SimulatedDevice> made;
      try {
        made = std::make_unique<SimulatedDevice>(model);
      } catch (const std::invalid_argument&) {
        model.channels = 1;  // single-channel devices (Chronojump, Mark-10...)
        made = std::make_unique<SimulatedDevice>(model);
      }
      SimulatedDevice& device = *made;
      // First byte: the protocol (the target's selector); second: chunking 16 bytes.
      std::string bytes{static_cast<char>(p), static_cast<char>(15)};
      for (const DeviceRecord& r : device.bootRecords()) bytes += r.bytes;
      std::vector<double> forces{120.5, 98.25};
      forces.resize(static_cast<std::size_t>(model.channels));
      for (std::uint64_t k = 0; k < 40; ++k) {
        for (double& f : forces) f += 3.0;
        bytes += device.encodeSample(k, static_cast<double>(k) * 0.001, forces).bytes;
      }
      std::ofstream(dir / (all[p].name + (cells ? "-plates" : "") + ".bin"), std::ios::binary)
          << bytes;
    }
  }
  return 0;
}
