#pragma once
// A clinical test is data, not code: a JSON file in the test library (test_library/ in the
// source tree, or --test-library DIR / $HOLDFAST_TEST_LIBRARY) says what the station asks for:
// which sides, how many trials of how long, the countdown and rest, the biofeedback target of
// a hold, the analysis settings, the return-to-sport criteria, and how the built-in simulator
// plays the patient. Format and the library: docs/tests.md. Every key is validated; an unknown key
// or a value out of range is an error that names the file and the key.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "holdfast/analysis/AnalysisMethod.h"
#include "holdfast/analysis/ReturnToSportCriteria.h"
#include "holdfast/method/Norm.h"

namespace holdfast::method {

enum class TestKind { MaxEffort, Hold, CriticalForce, Nordic, Balance, Jump };

/// One trial the station asks for: which side, which repetition, and for a balance test the
/// condition ("eyes-open", "eyes-closed"; empty for other tests).
struct TestStep {
  std::string side;
  int repetition = 1;
  std::string condition;
  bool operator==(const TestStep&) const = default;
};

/// The biofeedback band of a hold: a target in newtons, or in % of a reference maximal force
/// the clinician enters (the patient's best maximal effort). Holding = force at or above
/// target x (1 - tolerance), as the analysis scores it (analysis::HoldMethod).
struct HoldTarget {
  bool percent_of_reference = true;
  double value = 50.0;            ///< N, or % of the reference
  double reference_n = 300.0;     ///< the reference offered until the clinician changes it
  double tolerance_percent = 10;  ///< the band is target +- tolerance % of the target
  double grace_s = 1.0;           ///< time below the band that still is not a failure
};

/// The reps of a critical-force test: `count` all-out efforts of `on_s` with `off_s` rest
/// (24 x 7 s on, 3 s off in the 3-minute all-out test). The station cues each rep, the
/// simulated patient follows the cues, and fewer reps in a trial is a warning.
struct RepSchedule {
  int count = 24;
  double on_s = 7.0;
  double off_s = 3.0;
  [[nodiscard]] double length_s() const { return count * (on_s + off_s) - off_s; }
};

/// A dynamometer test (handheld, fixed-frame or wireless): how the clinician sets it up, from
/// the source the test cites (docs/tests.md), and where the lever arm is measured. Its trials
/// take the patient's lever arm (--lever-arm-m, the station's record page), which gives every
/// force result its torque.
struct Dynamometry {
  std::string joint;          ///< "knee", "hip", "ankle", "shoulder"
  std::string movement;       ///< "extension", "abduction", "external-rotation", ...
  std::optional<double> joint_angle_deg;  ///< the joint's angle, where the test fixes one
  std::string position;       ///< the patient's position, in words
  std::string stabilisation;  ///< what holds the patient and the dynamometer
  std::string mode;           ///< "make" (the patient pushes) or "break" (the tester overcomes)
  std::string lever_arm;      ///< the landmarks: joint centre to the pad's centre
  std::string source;         ///< where the procedure comes from
};

struct TestDefinition {
  std::string id;  ///< also the session's test name: "hamstring-90-90"
  std::string name;
  std::string description;
  TestKind kind = TestKind::MaxEffort;
  std::vector<std::string> sides;  ///< in order: "left", "right", or "both" (two plates)
  int trials_per_side = 3;
  double duration_s = 5.0;   ///< recording after the countdown's "go"
  double countdown_s = 3.0;  ///< 3-2-1 while the baseline is recorded
  double rest_s = 60.0;      ///< shown between trials
  int plates = 0;            ///< 0: one channel per side; 1-2: plates of four load cells
  std::optional<HoldTarget> target;
  std::optional<RepSchedule> reps;  ///< a critical-force test's reps (always set for one)
  std::optional<Dynamometry> dynamometer;  ///< a dynamometer test: its set-up and lever arm
  /// A balance test's conditions, in the order asked ("eyes-open" then "eyes-closed"), and its
  /// surface ("firm" or "foam"); every condition has trials_per_side trials per side.
  std::vector<std::string> conditions;
  std::string surface;
  analysis::AnalysisMethod method;  ///< defaults, then the test's "analysis" settings
  std::vector<analysis::Criterion> criteria;
  /// Standard error of measurement of the peak force in N, for the MDC band of the trend;
  /// absent: estimated from the patient's own trials (Hopkins 2000, typical error).
  std::optional<double> sem_n;
  /// The test's "simulator" object as written (compact JSON, "" when absent): how the
  /// built-in simulator plays the patient. Opaque here: only simulator::parseSimulatedPatient
  /// reads it.
  std::string simulator_json;
  std::filesystem::path file;
  /// The norms of this test (the library's norms/*.json rows naming it; loadTestLibrary
  /// attaches them). Never part of the definition stored with a session: a norm is looked up
  /// in the library when a result is shown.
  std::vector<Norm> norms;
  /// The definition as read (compact JSON): stored in every session recorded with it.
  std::string definition_json;

  /// The trial steps in order, e.g. left 1, left 2, ... right 3; a balance test goes through
  /// its conditions in turn (eyes open: left 1..3, right 1..3; then eyes closed).
  [[nodiscard]] std::vector<TestStep> steps() const;
  [[nodiscard]] std::string kindName() const;
};

/// Parses one test definition. Throws wire::InputError naming `where` and the key at fault.
[[nodiscard]] TestDefinition parseTestDefinition(const std::string& json_text,
                                                 const std::filesystem::path& where);
[[nodiscard]] TestDefinition readTestDefinition(const std::filesystem::path& file);

/// The definition as recorded for one session: a hold in % of a reference gets the reference
/// the clinician entered (the live band and the stored analysis then score the same target).
/// `reference_n` <= 0 or a test without such a target: the definition unchanged.
[[nodiscard]] TestDefinition withReference(const TestDefinition& test, double reference_n);
/// The test with the box height the clinician entered for a drop jump (its analysis's
/// box-height-m), parsed again so that the value meets the file's checks; unchanged for any
/// other test or a height <= 0.
[[nodiscard]] TestDefinition withBoxHeight(const TestDefinition& test, double box_height_m);
/// A drop jump: the analysis needs the box height.
[[nodiscard]] bool isDropJump(const TestDefinition& test);

/// Every *.json test definition of a folder, sorted by name, each with its norms (FOLDER/norms,
/// loadNorms). Throws wire::InputError when the folder cannot be read, holds a bad definition
/// or norm, or two share an id.
[[nodiscard]] std::vector<TestDefinition> loadTestLibrary(const std::filesystem::path& folder);

/// $HOLDFAST_TEST_LIBRARY, else the library installed beside the program
/// (EXE_DIR/../share/holdfast/test_library: /usr/bin/holdfast finds /usr/share/holdfast/...,
/// wherever the package is unpacked), else the source tree's test_library/ (a build tree).
[[nodiscard]] std::filesystem::path defaultTestLibrary();

}  // namespace holdfast::method
