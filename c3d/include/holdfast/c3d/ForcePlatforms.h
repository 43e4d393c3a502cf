#pragma once
// The force platforms of a C3D file (group FORCE_PLATFORM; C3D user guide, "Force platform
// types"), in Holdfast's units (N, N m, mm) and in each plate's own frame:
//   type 1: channels Fx Fy Fz Px Py Tz (the centre of pressure given);
//   type 2: Fx Fy Fz Mx My Mz, moments about the plate's origin (the transducer's), whose
//           offset from the centre of the working surface is ORIGIN;
//   type 3: eight Kistler channels fx12 fx34 fy14 fy23 fz1 fz2 fz3 fz4, with ORIGIN's a and b
//           the sensors' offsets from the centre and c the depth (Kistler's manual, "Formulae");
//   type 4: as type 2 after the channels pass through CAL_MATRIX (6 x 6).
// ORIGIN is the vector from the plate origin (where the transducer measures) to the centre of the
// working surface, in the plate's frame, whose z points down: z is then 0 or negative, and a
// positive z is read as the same vector written with the other sign (both are written by lab
// software; the user guide; ezc3d reads it the same way). Moments are moved to the surface
// centre (M_surface = M_origin + (origin - surface) x F = M_origin + F x ORIGIN) and the centre of pressure is (-My, Mx) / Fz there, NaN below
// the load threshold. The plate's place in the lab (CORNERS) is kept for the caller.
// Each quantity's unit comes from ANALOG:UNITS of its channel, else from POINT:UNITS (lengths)
// and N, which `units` then says were assumed; an unknown unit is an error that names it.

#include <array>
#include <string>
#include <vector>

#include "holdfast/c3d/C3dFile.h"

namespace holdfast::c3d {

struct ForcePlatform {
  int number = 1;  ///< 1-based, as FORCE_PLATFORM orders them
  int type = 2;
  std::array<std::array<double, 3>, 4> corners_mm{};  ///< in the lab frame
  std::array<double, 3> origin_mm{};  ///< plate origin to surface centre, z <= 0
  std::array<std::vector<double>, 3> force_n;       ///< Fx Fy Fz, plate frame
  std::array<std::vector<double>, 3> moment_n_m;    ///< about the surface centre, plate frame
  std::array<std::vector<double>, 2> cop_mm;        ///< from the surface centre; NaN unloaded
  std::vector<std::string> channel_labels;          ///< the analog channels it was read from
  std::vector<int> channels;                        ///< their 0-based indices in `analog`
  std::vector<std::string> units;                   ///< "force: N (ANALOG:UNITS)", ...
  /// The plate's axes in the lab frame (unit vectors from CORNERS, as the user guide numbers
  /// them: X from corner 2 to 1, Y from corner 4 to 1) and the surface centre.
  [[nodiscard]] std::array<std::array<double, 3>, 3> axes() const;
  [[nodiscard]] std::array<double, 3> centreMm() const;
};

/// Every plate FORCE_PLATFORM:USED declares. Throws C3dError naming the plate and the parameter
/// at fault (a type other than 1-4, a CHANNEL beyond ANALOG:USED, a CAL_MATRIX missing for a
/// type 4, a unit that is not one of its quantity).
[[nodiscard]] std::vector<ForcePlatform> forcePlatforms(const C3dFile& file,
                                                        double min_cop_load_n = 20.0);

}  // namespace holdfast::c3d
