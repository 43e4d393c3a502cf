#pragma once
#include <cstdint>
#include <span>

#include "holdfast/c3d/C3dFile.h"

namespace holdfast::c3d {

/// Reads a C3D file from its bytes: header, parameters and analog data (3-D points skipped).
/// Throws C3dError naming the part at fault (not C3D, a parameter running past its block, data
/// shorter than the frames the header states ...). Never reads outside `bytes`.
[[nodiscard]] C3dFile readC3d(std::span<const std::uint8_t> bytes);

}  // namespace holdfast::c3d
