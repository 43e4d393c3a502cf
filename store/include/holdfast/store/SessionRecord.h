#pragma once
// The content of a session file, as plain structs (no HDF5 types leak out of store/).
// Layout on disk: docs/hdf5-schema.md.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace holdfast::store {

inline constexpr int kSchemaVersion = 1;

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Who and what the session is about. Never a name or a date of birth: the patient id is a
/// pseudonym.
struct SessionInfo {
  std::string patient_id;
  std::string test;      ///< e.g. "isometric-mvc"
  std::string involved;  ///< "left", "right" or "" (no injured side)
  std::optional<double> body_mass_kg;
  std::string sex;               ///< "female", "male", "other" or "" (from the registry)
  std::optional<int> age_years;  ///< age on the session's day (from the registry), never the DOB
  std::string age_band;          ///< "25-29": research exports keep the band, not the age
  /// The sport and level played (from the registry, wire/Population.h names; "" when not
  /// given): a norm's population is matched on them.
  std::string sport;
  std::string sport_level;
  std::string operator_name;
  std::string software_version;
  std::string created_utc;  ///< ISO 8601
  /// The same moment on the clinic's clock, with its offset ("2026-11-30T08:13:02+14:00"):
  /// what dates shown to a person use. "" in older files (they convert created_utc).
  std::string created_local;
  /// The test's definition (holdfast-test/1 JSON) as it was when the session was recorded: its
  /// analysis method, target and criteria travel with the session. "" in older files.
  std::string test_definition;
};

struct TrialInfo {
  int number = 0;        ///< 1, 2, ... assigned by the writer
  std::string side;      ///< "left", "right" or "both"
  std::string protocol;  ///< e.g. "csv"
  std::string port;
  std::vector<std::string> channel_names;  ///< one per column of force_n
  std::string unit = "N";
  std::string started_utc;
  std::string ended_utc;
  std::string stop_reason;        ///< "duration", "user_stop", "link_closed", ...
  double measured_rate_hz = 0.0;  ///< from the device timestamps
  double nominal_rate_hz = 0.0;   ///< the device's own period (0 = unknown)
  // What the device sent, and how it became force_n (empty for imported trials).
  std::string device_serial;
  std::string device_model;                    ///< what the device calls itself, when it says
  std::string device_firmware;                 ///< its firmware version, when it says
  /// Its battery voltage at the start, mV, when it reports one (Bluetooth devices).
  std::optional<double> device_battery_mv;
  std::vector<std::string> raw_channel_names;  ///< one per column of raw
  std::vector<std::string> raw_units;
  std::string calibration_json;        ///< per raw channel: offset, scale, method, points...
  std::string layout;                  ///< how raw channels became force channels
  std::vector<std::string> cop_names;  ///< e.g. left_cop_x_mm; one per column of cop_mm
  /// Two plates side by side: the distance between their centres along x (mm); the left
  /// plate's centre is at -pitch / 2, the right's at +pitch / 2, so that the plates' COPs
  /// combine in one frame. Absent: the COP columns already share one frame (lab exports).
  std::optional<double> plate_pitch_mm;
  /// Each plate's surface, centred on the origin of its COP columns: along x (width) and y
  /// (length), mm. Known for Holdfast's 4-cell plates and declared on import (--plate-outline);
  /// a loaded COP outside it is flagged (docs/import.md, Plausibility). Absent: not checked.
  std::optional<double> plate_width_mm;
  std::optional<double> plate_length_mm;
  /// A balance test's condition: "eyes-open" or "eyes-closed"; and surface: "firm" or "foam".
  std::string condition;
  std::string surface;
  /// A dynamometer test: the distance from the joint centre to the pad, m, measured for this
  /// patient and side; every force channel of the trial then has its torque (analysis'
  /// JointTorque.h). Sides measured with different lever arms are recorded as separate trials.
  std::optional<double> lever_arm_m;
  /// When the clinician's "go" came (the station's countdown ending), on the clock of
  /// host_time_s: the stance is measured from the first sample that arrived after it.
  std::optional<double> cue_host_time_s;
  /// How long the trial was planned to run from the go, s (the station's trial duration). The
  /// station ends a trial once that many of the device's samples have arrived after the go,
  /// but a busy machine may end it later: the stance is measured over the planned duration.
  std::optional<double> planned_duration_s;
  /// An imported trial: the unit each column was read in and how it was known ("left 'Fz
  /// [kN]': kN (from the header)", "... (assumed: the header states none ...)").
  std::vector<std::string> source_units;
  /// Which COP column is antero-posterior: "x" or "y" (the other is medio-lateral); empty
  /// when the recording did not say (the analysis then assumes y, and says so).
  std::string ap_axis;
  /// How ap_axis was known: "declared (--ap-axis y)", "preset: BDS export" ...
  std::string axes_source;
  /// What the import found implausible in this trial ("cop_disagrees_with_moments"), shown
  /// with its results (docs/import.md, Plausibility).
  std::vector<std::string> plausibility_flags;
  /// Resolution force_n is stored at (scale-offset filter): 0.001 N unless the calibration says
  /// a tenth of one device count is coarser (docs/hdf5-schema.md, Storage).
  double force_resolution_n = 0.001;
  /// Every raw value of the trial is a whole number in int32's range (ADC counts): raw is then
  /// stored as int32, exactly, which compresses better. Decided by whoever holds the whole
  /// trial (the journal build); false means float64.
  bool raw_is_integer = false;
  /// Otherwise, when every raw value has at most this many decimals (a text device sends
  /// "14.99"): raw is stored to exactly those decimals. -1: float64 as is.
  int raw_decimals = -1;
  /// Every raw value equals its force value, bit for bit (the device sent newtons and the
  /// calibration left them as sent): the values are stored once and `raw` is a second name (an
  /// HDF5 hard link) for `force_n`. Decided by whoever holds the whole trial.
  bool raw_is_force = false;
  /// The device clock never restarted (no reconnect): `device_time_s` is a second name for
  /// `time_s`, stored once. Decided by whoever holds the whole trial.
  bool device_time_is_time = false;
  std::string recovery_note;  ///< set when the trial was rebuilt from a journal after a crash
  /// The id of the journal the trial was built from: a second build of the same journal (after
  /// a crash between the rename and the journal's removal) finds it and appends nothing.
  std::string journal_id;
  /// Why the trial is left out of the analysis ("redone as trial 4"); empty: analysed. The
  /// samples stay in the file: recorded data is never deleted.
  std::string excluded;
  /// Why a clinician counts a recovered (interrupted) trial after all; empty: a recovered trial
  /// is listed but left out of best, mean, asymmetry and criteria.
  std::string included;
};

struct TrialEvent {
  std::int64_t sample_index = 0;  ///< index of the sample the event precedes
  double host_time_s = 0.0;
  std::string kind;  ///< "gap", "stall", "link_closed", ... (daq's EventKind names)
  std::int64_t value = 0;
  std::string detail;  ///< words for a person, when the value cannot say it (a link error's text)
};

using Counters = std::vector<std::pair<std::string, std::int64_t>>;

struct TrialRecord {
  TrialInfo info;
  std::vector<double> time_s;       ///< device time, as sent
  std::vector<double> host_time_s;  ///< arrival at the driver, since the start of the trial
  std::vector<std::vector<double>> channels;  ///< channels[c][i], in `unit` (calibrated)
  std::vector<double> device_time_s;          ///< device clock as sent (absent when imported)
  std::vector<std::vector<double>> raw;       ///< raw[c][i], as sent (absent when imported)
  std::vector<std::vector<double>> cop_mm;    ///< centre of pressure columns, when plates
  std::vector<TrialEvent> events;
  Counters acquisition;  ///< the acquisition statistics
};

struct SessionRecord {
  int schema_version = kSchemaVersion;
  SessionInfo info;
  std::vector<TrialRecord> trials;
};

}  // namespace holdfast::store
