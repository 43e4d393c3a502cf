#pragma once
#include <cstdint>
#include <vector>

#include "holdfast/c3d/C3dFile.h"

namespace holdfast::c3d {

/// The bytes of a C3D file: a header block, the parameter section and the analog data, in the
/// file's processor format, as floats or (integer_data) 16-bit integers through each channel's
/// ANALOG:SCALE and OFFSET. The writer sets the parameters the layout fixes (POINT:USED,
/// DATA_START, FRAMES, SCALE, RATE; ANALOG:USED and RATE); the caller gives the rest (labels,
/// units, scales, FORCE_PLATFORM). Throws C3dError when a value does not fit (an integer
/// sample outside -32768..32767, more than 127 channels' labels in one parameter, a parameter
/// larger than a record can hold).
[[nodiscard]] std::vector<std::uint8_t> writeC3d(const C3dFile& file);

}  // namespace holdfast::c3d
