#pragma once
// Force-plate exports as lab software writes them (AMTI NetForce, Bertec, Kistler BioWare text,
// the BMClab data sets): a header row whose names may carry their unit ("Time[s]",
// "COPx[cm]", "Fz[N]", "Mx[Nm]", "COP_X (m)"), one or two plates, each with its vertical
// force, and its centre of pressure either as columns or from six components (Fx Fy Fz Mx My
// Mz, analysis/CentreOfPressure.h). Column roles by header name, or given as ROLE=COL with COL
// a header name or a 1-based position:
//   time, force | left | right        vertical force of the one plate / of each foot's plate
//   cop_x, cop_y, left_cop_x, ...     COP as given
//   fx fy fz mx my mz, left_fz, right_mx, ...   six components (COP computed from them)
// Recognised without a mapping: Fx..Mz, COPx/COPy (any case, '_' and units ignored), and the
// same with a left/right prefix. Units per quantity (time s|ms, force N|kN, moment Nm|Nmm, COP
// m|cm|mm) come from the header or from `units`; without either COP is taken as mm. A vertical
// axis other than z (some exports have Y up) picks the vertical force and, for moments, the
// horizontal plane: the stored COP x and y are the file's first and second horizontal axes
// (X, Y; with Y up: X, Z; with X up: Y, Z).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "holdfast/analysis/CentreOfPressure.h"
#include "holdfast/importers/CsvRecording.h"

namespace holdfast::importers {

struct PlateImportOptions {
  std::optional<double> rate_hz;                             ///< without a time column
  std::vector<std::pair<std::string, std::string>> columns;  ///< ROLE -> COL
  std::vector<std::pair<std::string, std::string>> units;    ///< time|force|moment|cop -> unit
  char vertical = 'z';
  /// The file's antero-posterior axis (a horizontal one), or 0: a preset of a known export
  /// (BDS, PDS, Holdfast's own), else AP and ML are assumed and the trial says so.
  char ap_axis = 0;
  analysis::PlateOrigin origin;  ///< the plate's true origin (--plate-origin-m)
  double min_cop_load_n = 20.0;
};

/// Whether a mapping names a plate role (anything beyond time, force, left and right).
[[nodiscard]] bool mapsPlateRoles(const std::vector<std::pair<std::string, std::string>>& columns);
/// Whether the header row of `text` names plate columns (Fz, COPx, left_Fz ...).
[[nodiscard]] bool looksLikePlateExport(const std::string& text);

/// Throws ImportError naming the column, role or unit at fault.
[[nodiscard]] CsvRecording parsePlateExport(const std::string& text,
                                            const PlateImportOptions& options);

}  // namespace holdfast::importers
