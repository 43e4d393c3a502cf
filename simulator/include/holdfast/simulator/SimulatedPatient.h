#pragma once
// How the built-in simulator plays the patient of one clinical test: the "simulator" object of
// a test definition (test_library/*.json). The method library keeps that object as opaque JSON
// (TestDefinition::simulator_json); only the simulator reads it, so nothing that only reads and
// analyses sessions links the simulator.

#include <optional>
#include <string>

namespace holdfast::simulator {

struct SimulatedPatient {
  std::string scenario = "isometric-mvc";
  double sway_mm = 4.0;  ///< balance: RMS sway of the simulated stance with eyes open
  /// single-leg stance: the weaker leg's other foot touches down this long after go.
  std::optional<double> touch_down_s;
  double peak_n = 350.0;
  std::string weaker_side = "right";  ///< the involved limb of the simulated patient
  double deficit_percent = 14.0;
  double hold_s = 120.0;
  double mass_kg = 75.0;  ///< jumps
  double jump_height_m = 0.30;
  double contact_time_s = 0.25;  ///< drop jump, hops
  double box_height_m = 0.30;    ///< drop jump
};

/// Parses a test's "simulator" object ("" or "{}": the defaults). Throws wire::InputError naming
/// `where` and the key at fault (an unknown key or scenario, a value out of range).
[[nodiscard]] SimulatedPatient parseSimulatedPatient(const std::string& json_text,
                                                     const std::string& where);

}  // namespace holdfast::simulator
