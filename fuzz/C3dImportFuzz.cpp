// libFuzzer target: the C3D reader, its force platforms and the C3D import on arbitrary bytes.
// A bad file must be a C3dError or an ImportError (a clear message), never a crash, a read
// outside the bytes or another exception; a file that reads must be consistent (every analog
// channel of the frames stated, every plate's columns as long) and must write and read back
// with the same shape.

#include <cstdint>
#include <span>

#include "FuzzCheck.h"
#include "holdfast/c3d/C3dReader.h"
#include "holdfast/c3d/C3dWriter.h"
#include "holdfast/c3d/ForcePlatforms.h"
#include "holdfast/importers/C3dImport.h"
#include "holdfast/importers/ImportError.h"

using namespace holdfast;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  try {
    const c3d::C3dFile file = c3d::readC3d(bytes);
    const std::size_t samples = file.frames * static_cast<std::size_t>(file.analog_per_frame);
    for (const auto& channel : file.analog) FUZZ_CHECK(channel.size() == samples);
    try {
      for (const auto& p : c3d::forcePlatforms(file)) {
        for (const auto& f : p.force_n) FUZZ_CHECK(f.size() == samples);
        for (const auto& c : p.cop_mm) FUZZ_CHECK(c.size() == samples);
      }
    } catch (const c3d::C3dError&) {
    }
    try {
      const c3d::C3dFile back = c3d::readC3d(c3d::writeC3d(file));
      FUZZ_CHECK(back.analog.size() == file.analog.size());
      for (const auto& channel : back.analog) FUZZ_CHECK(channel.size() == samples);
    } catch (const c3d::C3dError&) {  // a value the writer cannot hold is said, not written
    }
  } catch (const c3d::C3dError&) {
  }
  try {
    const importers::CsvRecording r = importers::importC3d(bytes, importers::PlateImportOptions{});
    FUZZ_CHECK(!r.channels.empty());
    for (const auto& c : r.channels) FUZZ_CHECK(c.size() == r.time_s.size());
    for (const auto& c : r.cop_mm) FUZZ_CHECK(c.size() == r.time_s.size());
  } catch (const importers::ImportError&) {
  }
  return 0;
}
