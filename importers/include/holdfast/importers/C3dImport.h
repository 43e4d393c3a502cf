#pragma once
// A C3D file from a motion-capture lab as one recording (c3d/ reads the file; this file decides
// what becomes of it):
//  - with force platforms: each chosen plate's vertical force is a channel and its centre of
//    pressure (from its forces and moments, or as given by a type 1) a pair of COP columns, in
//    the plate's own frame from its surface centre. Which plate is which side: --columns
//    left=N,right=M (plate numbers, 1-based) or force=N; without a mapping one plate is the
//    force and two are left then right, by their order in FORCE_PLATFORM. More than two need a
//    mapping. The horizontal forces and the moments give the COP; the session keeps the
//    vertical force and the COP (docs/c3d.md).
//  - without: the analog channels whose unit is a force, by ANALOG:LABELS: a mapping
//    (left=LABEL...), else labels that start with left or right, else the single one.
// The rate is ANALOG:RATE (the frame rate times the samples per frame); every unit comes from
// the file (ANALOG:UNITS, POINT:UNITS) or is said as assumed. The AP axis of the plate frame
// is y unless --ap-axis x says otherwise; without it, AP and ML are said as assumed.

#include <cstdint>
#include <span>

#include "holdfast/importers/CsvRecording.h"
#include "holdfast/importers/PlateExport.h"

namespace holdfast::importers {

/// Whether `bytes` start like a C3D file (the header's key byte 0x50 and a parameter block).
[[nodiscard]] bool looksLikeC3d(std::span<const std::uint8_t> bytes);

/// Reads the recording; ImportError names what is wrong (not C3D, no force channel, a plate
/// number or label that does not exist, with the nearest ones).
[[nodiscard]] CsvRecording importC3d(std::span<const std::uint8_t> bytes,
                                     const PlateImportOptions& options);

}  // namespace holdfast::importers
