// A dynamometer test at the station, for real: the record page asks for each side's lever arm
// (the test's landmarks as its tooltip), every trial keeps the one entered for its side, a side
// measured once is preset for its next trial, and the results page shows the torque.
#include <gtest/gtest.h>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QTableWidget>
#include <fstream>
#include <nlohmann/json.hpp>

#include "LiveStationFixture.h"
#include "holdfast/results/SessionAnalysis.h"
#include "holdfast/results/SessionMethod.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/ui/ResultsPage.h"

using namespace holdfast;
using holdfast::test::LiveStation;
using holdfast::test::waitFor;
namespace fs = std::filesystem;

namespace {
/// The station's options with a test library of the knee extension at 90 degrees alone, with
/// `trials` per side of `sides`.
station::StationOptions kneeExtensionOptions(station::StationOptions o, const fs::path& folder,
                                             int trials, const std::vector<std::string>& sides) {
  o.test_library = folder / "library";
  fs::create_directories(o.test_library);
  std::ifstream in(fs::path(HOLDFAST_SOURCE_DIR) / "test_library" / "knee-extension-90.json");
  nlohmann::json knee = nlohmann::json::parse(in);
  knee["trials_per_side"] = trials;
  knee["sides"] = sides;
  std::ofstream(o.test_library / "knee-extension-90.json") << knee.dump();
  return o;
}
}  // namespace

TEST_F(LiveStation, AKneeExtensionAsksEachSidesLeverArmAndShowsTheTorque) {
  const station::StationOptions o = kneeExtensionOptions(options(), dir_, 2, {"left", "right"});
  ui::StationWindow window;
  station::LiveSession session(o, window);
  ASSERT_TRUE(startOnSimulator(window, session, "knee-extension-90"));
  auto* record = window.live()->findChild<QPushButton*>("record");
  auto* lever = window.live()->findChild<QDoubleSpinBox*>("leverArm");
  ASSERT_NE(lever, nullptr);
  ASSERT_TRUE(waitFor([&] { return lever->isVisible(); }, 3));
  EXPECT_TRUE(lever->toolTip().contains("lateral femoral epicondyle"))
      << lever->toolTip().toStdString();
  // Left 1: measured at 0.35 m; left 2: preset to it; right 1: not measured yet, 0.36 m typed;
  // right 2: preset to 0.36 m.
  const double entered[] = {0.35, -1.0, 0.36, -1.0};
  const double expected[] = {0.35, 0.35, 0.36, 0.36};
  for (int trial = 1; trial <= 4; ++trial) {
    ASSERT_TRUE(waitFor([&] { return record->isEnabled(); }, 40)) << "trial " << trial;
    waitFor([] { return false; }, 0.2);
    if (trial == 3) {
      EXPECT_EQ(lever->value(), 0.0) << "the right side is not measured yet";
    }
    if (entered[trial - 1] > 0) {
      lever->setValue(entered[trial - 1]);
    } else {
      EXPECT_DOUBLE_EQ(lever->value(), expected[trial - 1]) << "trial " << trial;
    }
    record->click();
    ASSERT_TRUE(waitFor([&] { return analysed(session, trial); }, 30)) << "trial " << trial;
  }
  const store::SessionRecord stored = store::readSessionFile(session.sessionFile());
  ASSERT_EQ(stored.trials.size(), 4u);
  for (int k = 0; k < 4; ++k) EXPECT_EQ(stored.trials[k].info.lever_arm_m, expected[k]) << k;
  const results::SessionAnalysis a =
      results::analyzeSession(stored, results::sessionMethod(stored, {}).method);
  for (const results::ChannelAnalysis& e : a.entries) {
    ASSERT_TRUE(e.result && !e.result->efforts.empty()) << e.error;
    const analysis::EffortMetrics& best = e.result->efforts.front();
    ASSERT_TRUE(best.torque);
    EXPECT_NEAR(best.torque->peak_nm, best.peak.force_n * expected[e.trial - 1], 1e-9);
  }
  // The results page: the torque columns are shown, with each trial's best effort's torque.
  auto* table = window.results()->findChild<QTableWidget*>("trialTable");
  ASSERT_NE(table, nullptr);
  ASSERT_TRUE(waitFor([&] { return table->rowCount() == 4; }, 5));
  EXPECT_FALSE(table->isColumnHidden(6));
  EXPECT_EQ(table->horizontalHeaderItem(6)->text(), "Torque (Nm)");
  EXPECT_FALSE(table->item(0, 6)->text().isEmpty());
  EXPECT_NE(table->item(0, 6)->text(), "-");
}

// The whole Bluetooth path at the station except the radio: the simulated Progressor is a
// NotificationLink the engines connect to (monitoring, then each trial), its kilograms on its
// own microsecond clock, its firmware and battery asked and stored, the torque from the lever arm.
TEST_F(LiveStation, ASimulatedProgressorRecordsThroughTheBluetoothPath) {
  const station::StationOptions o = kneeExtensionOptions(options(), dir_, 1, {"left"});
  ui::StationWindow window;
  station::LiveSession session(o, window);
  ASSERT_TRUE(startOnSimulator(window, session, "knee-extension-90", 0.0, "simulator-progressor"));
  auto* record = window.live()->findChild<QPushButton*>("record");
  auto* lever = window.live()->findChild<QDoubleSpinBox*>("leverArm");
  ASSERT_NE(lever, nullptr);
  ASSERT_TRUE(waitFor([&] { return lever->isVisible() && record->isEnabled(); }, 5));
  waitFor([] { return false; }, 0.2);
  lever->setValue(0.35);
  record->click();
  ASSERT_TRUE(waitFor([&] { return analysed(session, 1); }, 40));
  window.showPage(ui::StationWindow::Results);
  waitFor([] { return false; }, 0.5);
  EXPECT_TRUE(window.grab().save(QString::fromStdString(
      (fs::path(HOLDFAST_BINARY_DIR) / "station-progressor-results.png").string())));

  const store::SessionRecord stored = store::readSessionFile(session.sessionFile());
  ASSERT_EQ(stored.trials.size(), 1u);
  const store::TrialInfo& info = stored.trials[0].info;
  EXPECT_EQ(info.protocol, "tindeq-progressor");
  EXPECT_EQ(info.port, "simulator-progressor");
  EXPECT_EQ(info.device_model, "Holdfast built-in simulator (Tindeq Progressor)");
  EXPECT_EQ(info.device_firmware, "1.2.4");
  ASSERT_TRUE(info.device_battery_mv);
  EXPECT_EQ(*info.device_battery_mv, 3950.0);
  ASSERT_EQ(info.raw_units.size(), 1u);
  EXPECT_EQ(info.raw_units[0], "kg");
  EXPECT_NEAR(info.nominal_rate_hz, 80.0, 0.01);
  EXPECT_EQ(info.lever_arm_m, 0.35);
  const std::vector<double>& t = stored.trials[0].device_time_s;
  ASSERT_GT(t.size(), 200u);
  for (std::size_t i = 1; i < t.size(); ++i) ASSERT_NEAR(t[i] - t[i - 1], 0.0125, 2e-6) << i;
  const results::SessionAnalysis a =
      results::analyzeSession(stored, results::sessionMethod(stored, {}).method);
  ASSERT_EQ(a.entries.size(), 1u);
  ASSERT_TRUE(a.entries[0].result && !a.entries[0].result->efforts.empty()) << a.entries[0].error;
  const analysis::EffortMetrics& best = a.entries[0].result->efforts.front();
  // The simulated patient pulls to the test's simulated peak (kilograms on the wire, newtons
  // stored with g = 9.80665): a real pull, not the resting load.
  EXPECT_GT(best.peak.force_n, 100.0);
  ASSERT_TRUE(best.torque);
  EXPECT_NEAR(best.torque->peak_nm, best.peak.force_n * 0.35, 1e-9);
}

TEST_F(LiveStation, FindBluetoothDevicesWithoutAnAdapterSaysSoOnTheSetupPage) {
  ui::StationWindow window;
  station::LiveSession session(options(), window);
  ASSERT_TRUE(session.loadSetup());
  window.show();
  auto* find = window.setup()->findChild<QPushButton*>("findBluetooth");
  ASSERT_NE(find, nullptr);
  auto* device = window.setup()->findChild<QComboBox*>("device");
  const int before = device->count();
  EXPECT_GE(device->findData("simulator-progressor"), 0) << "the simulated Progressor is offered";
  find->click();
  auto* message = window.setup()->findChild<QLabel*>("setupMessage");
  ASSERT_NE(message, nullptr);
  // This machine (and CI) has no adapter: one line says so, nothing is added. With an adapter
  // the devices heard that speak a protocol join the list.
  ASSERT_TRUE(waitFor([&] { return !message->text().startsWith("Listening"); }, 10));
  if (message->text().startsWith("no Bluetooth adapter")) {
    EXPECT_EQ(device->count(), before);
  } else {
    EXPECT_TRUE(message->text().contains("Bluetooth device(s) heard"))
        << message->text().toStdString();
  }
}

// Norms at the station: a patient added with the new-patient form's sex, sport and level, an
// eccentric hip adduction with a lever arm and body mass, and the Results page places each
// side's torque per kg against the norm of male professional footballers, with its source.
TEST_F(LiveStation, TheResultsPagePlacesTheTorqueAgainstTheMatchingNorm) {
  station::StationOptions o = options();
  o.test_library = dir_ / "library";
  fs::create_directories(o.test_library / "norms");
  const fs::path shipped = fs::path(HOLDFAST_SOURCE_DIR) / "test_library";
  std::ifstream in(shipped / "hip-adduction-eccentric.json");
  nlohmann::json test = nlohmann::json::parse(in);
  test["trials_per_side"] = 1;
  test["sides"] = {"left"};
  std::ofstream(o.test_library / "hip-adduction-eccentric.json") << test.dump();
  fs::copy_file(shipped / "hip-abduction-eccentric.json",
                o.test_library / "hip-abduction-eccentric.json");
  fs::copy_file(shipped / "norms" / "mosler-2017-professional-football.json",
                o.test_library / "norms" / "mosler-2017-professional-football.json");
  ui::StationWindow window;
  station::LiveSession session(o, window);
  ASSERT_TRUE(session.loadSetup());
  window.show();
  emit window.setup()->newPatientRequested("Ali Hassan", "1996-03-02", "male", "", "football",
                                           "professional");
  ui::SetupChoice choice = window.setup()->choice();
  ASSERT_FALSE(choice.patient_id.isEmpty());
  const auto added = registry::PatientRegistry(registry::registryFile(dir_ / "data"))
                         .find(choice.patient_id.toStdString());
  ASSERT_TRUE(added);
  EXPECT_EQ(added->sport, "football");
  EXPECT_EQ(added->sport_level, "professional");
  choice.test_id = "hip-adduction-eccentric";
  choice.device = "simulator";
  choice.body_mass_kg = 75.0;
  ASSERT_TRUE(session.startSession(choice));
  auto* record = window.live()->findChild<QPushButton*>("record");
  auto* lever = window.live()->findChild<QDoubleSpinBox*>("leverArm");
  ASSERT_NE(lever, nullptr);
  ASSERT_TRUE(waitFor([&] { return lever->isVisible() && record->isEnabled(); }, 5));
  waitFor([] { return false; }, 0.2);
  lever->setValue(0.85);
  record->click();
  ASSERT_TRUE(waitFor([&] { return analysed(session, 1); }, 40));
  window.showPage(ui::StationWindow::Results);
  auto* criteria = window.results()->findChild<QLabel*>("criteria");
  ASSERT_NE(criteria, nullptr);
  ASSERT_TRUE(waitFor([&] { return criteria->text().contains("Norms:"); }, 5))
      << criteria->text().toStdString();
  const std::string text = criteria->text().toStdString();
  EXPECT_NE(text.find("percentile of male, 18-40 years, football (professional)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Mosler AB, Crossley KM"), std::string::npos) << text;
  const store::SessionRecord stored = store::readSessionFile(session.sessionFile());
  EXPECT_EQ(stored.info.sport, "football");
  EXPECT_EQ(stored.info.sport_level, "professional");
  waitFor([] { return false; }, 0.3);
  EXPECT_TRUE(window.grab().save(QString::fromStdString(
      (fs::path(HOLDFAST_BINARY_DIR) / "station-norms-results.png").string())));
}
