#pragma once
// Every metadata field of a session and of a trial, with the names it is stored under, in one
// place: the journal (JSON), the HDF5 writer and the HDF5 reader all walk these lists, so a
// field added here reaches all three (docs/hdf5-schema.md lists the same names).
//
//   visit(const Field& field, member)   member: std::string, std::vector<std::string>, double,
//                                       std::optional<double> or std::optional<int>

#include <optional>
#include <string>
#include <vector>

#include "holdfast/store/SessionRecord.h"

namespace holdfast::store::fields {

/// When the HDF5 writer writes a field.
enum class When {
  Always,
  NonEmpty,  ///< a string or list that is not empty, a number > 0, an optional that is set
  Recorded,  ///< a trial recorded from a device (it has raw channels); never for an import
};

/// Where the HDF5 writer puts a field.
enum class Where {
  Root,         ///< attribute of the file
  Group,        ///< attribute of /session or of the trial group
  TrialStart,   ///< of the trial group, written when the trial begins
  TrialEnd,     ///< of the trial group, written when the trial ends
  JournalOnly,  ///< kept in the journal only (stored elsewhere in the file)
};

struct Field {
  const char* hdf5;     ///< attribute name in the session file
  const char* journal;  ///< key in the journal's JSON records
  When when;
  Where where;
};

template <class Info, class Visit>
void session(Info& s, Visit&& visit) {
  visit(Field{"software_version", "software_version", When::Always, Where::Root},
        s.software_version);
  visit(Field{"created_utc", "created_utc", When::Always, Where::Root}, s.created_utc);
  visit(Field{"created_local", "created_local", When::NonEmpty, Where::Root}, s.created_local);
  visit(Field{"patient_id", "patient_id", When::Always, Where::Group}, s.patient_id);
  visit(Field{"test", "test", When::Always, Where::Group}, s.test);
  visit(Field{"involved", "involved", When::Always, Where::Group}, s.involved);
  visit(Field{"operator", "operator", When::Always, Where::Group}, s.operator_name);
  visit(Field{"body_mass_kg", "body_mass_kg", When::NonEmpty, Where::Group}, s.body_mass_kg);
  visit(Field{"sex", "sex", When::NonEmpty, Where::Group}, s.sex);
  visit(Field{"age_years", "age_years", When::NonEmpty, Where::Group}, s.age_years);
  visit(Field{"age_band", "age_band", When::NonEmpty, Where::Group}, s.age_band);
  visit(Field{"sport", "sport", When::NonEmpty, Where::Group}, s.sport);
  visit(Field{"sport_level", "sport_level", When::NonEmpty, Where::Group}, s.sport_level);
  visit(Field{"test_definition", "test_definition", When::NonEmpty, Where::Group},
        s.test_definition);
}

template <class Info, class Visit>
void trial(Info& t, Visit&& visit) {
  visit(Field{"side", "side", When::Always, Where::TrialStart}, t.side);
  visit(Field{"protocol", "protocol", When::Always, Where::TrialStart}, t.protocol);
  visit(Field{"port", "port", When::Always, Where::TrialStart}, t.port);
  visit(Field{"started_utc", "started_utc", When::Always, Where::TrialStart}, t.started_utc);
  visit(Field{"condition", "condition", When::NonEmpty, Where::TrialStart}, t.condition);
  visit(Field{"surface", "surface", When::NonEmpty, Where::TrialStart}, t.surface);
  visit(Field{"lever_arm_m", "lever_arm_m", When::NonEmpty, Where::TrialStart}, t.lever_arm_m);
  visit(Field{"channel_names", "channel_names", When::Always, Where::TrialEnd}, t.channel_names);
  visit(Field{"unit", "unit", When::Always, Where::TrialEnd}, t.unit);
  visit(Field{"ended_utc", "ended_utc", When::Always, Where::TrialEnd}, t.ended_utc);
  visit(Field{"stop_reason", "stop_reason", When::Always, Where::TrialEnd}, t.stop_reason);
  visit(Field{"measured_rate_hz", "measured_rate_hz", When::Always, Where::TrialEnd},
        t.measured_rate_hz);
  visit(Field{"nominal_rate_hz", "nominal_rate_hz", When::NonEmpty, Where::TrialEnd},
        t.nominal_rate_hz);
  visit(Field{"device_serial", "device_serial", When::Recorded, Where::TrialEnd}, t.device_serial);
  // A device's own words about itself: also kept for an import of its log (a Bluetooth capture).
  visit(Field{"device_model", "device_model", When::NonEmpty, Where::TrialEnd}, t.device_model);
  visit(Field{"device_firmware", "device_firmware", When::NonEmpty, Where::TrialEnd},
        t.device_firmware);
  visit(Field{"device_battery_mv", "device_battery_mv", When::NonEmpty, Where::TrialEnd},
        t.device_battery_mv);
  visit(Field{"raw_channel_names", "raw_channel_names", When::Recorded, Where::TrialEnd},
        t.raw_channel_names);
  visit(Field{"raw_units", "raw_units", When::Recorded, Where::TrialEnd}, t.raw_units);
  visit(Field{"calibration", "calibration_json", When::Recorded, Where::TrialEnd},
        t.calibration_json);
  visit(Field{"layout", "layout", When::Recorded, Where::TrialEnd}, t.layout);
  visit(Field{"recovered", "recovered", When::NonEmpty, Where::TrialEnd}, t.recovery_note);
  visit(Field{"excluded", "excluded", When::NonEmpty, Where::TrialEnd}, t.excluded);
  visit(Field{"included", "included", When::NonEmpty, Where::TrialEnd}, t.included);
  visit(Field{"cop_names", "cop_names", When::NonEmpty, Where::TrialEnd}, t.cop_names);
  visit(Field{"journal_id", "journal_id", When::NonEmpty, Where::TrialEnd}, t.journal_id);
  visit(Field{"plate_pitch_mm", "plate_pitch_mm", When::NonEmpty, Where::TrialEnd},
        t.plate_pitch_mm);
  visit(Field{"plate_width_mm", "plate_width_mm", When::NonEmpty, Where::TrialEnd},
        t.plate_width_mm);
  visit(Field{"plate_length_mm", "plate_length_mm", When::NonEmpty, Where::TrialEnd},
        t.plate_length_mm);
  visit(Field{"cue_host_time_s", "cue_host_time_s", When::NonEmpty, Where::TrialEnd},
        t.cue_host_time_s);
  visit(Field{"planned_duration_s", "planned_duration_s", When::NonEmpty, Where::TrialEnd},
        t.planned_duration_s);
  visit(Field{"source_units", "source_units", When::NonEmpty, Where::TrialEnd}, t.source_units);
  visit(Field{"ap_axis", "ap_axis", When::NonEmpty, Where::TrialEnd}, t.ap_axis);
  visit(Field{"axes_source", "axes_source", When::NonEmpty, Where::TrialEnd}, t.axes_source);
  visit(Field{"plausibility_flags", "plausibility_flags", When::NonEmpty, Where::TrialEnd},
        t.plausibility_flags);
  // In the file it is the force dataset's resolution attribute (SessionFileWriter).
  visit(Field{"force_resolution_n", "force_resolution_n", When::Always, Where::JournalOnly},
        t.force_resolution_n);
}

/// Whether a value counts as set for When::NonEmpty.
inline bool isSet(const std::string& v) { return !v.empty(); }
inline bool isSet(const std::vector<std::string>& v) { return !v.empty(); }
inline bool isSet(double v) { return v > 0.0; }
template <class T>
bool isSet(const std::optional<T>& v) {
  return v.has_value();
}

}  // namespace holdfast::store::fields
