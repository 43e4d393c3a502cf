// The method stored with results is read back as the method that made them, so a session is
// re-analysed (by the viewer, by analyze) the way its stored results were made.

#include <gtest/gtest.h>

#include "holdfast/method/AnalysisParameters.h"
#include "holdfast/results/AnalysisJson.h"
#include "holdfast/wire/InputError.h"

using namespace holdfast;

TEST(StoredMethod, EveryParameterSurvivesTheJsonRoundTrip) {
  analysis::AnalysisMethod m;
  method::applySetting(m, "baseline-window", "0.5:1.5", "test");
  method::applySetting(m, "filter", "butterworth:4:50", "test");
  method::applySetting(m, "onset", "fixed:25", "test");
  method::applySetting(m, "hold-target-percent", "60", "test");
  method::applySetting(m, "reference-n", "400", "test");
  method::applySetting(m, "tolerance-percent", "10", "test");
  method::applySetting(m, "grace-s", "0.5", "test");
  method::applySetting(m, "min-rest-s", "2", "test");
  method::applySetting(m, "peak-rfd-window-s", "0.01", "test");
  method::applySetting(m, "best-window-s", "0.5", "test");
  method::applySetting(m, "critical-force-last-reps", "4", "test");
  const nlohmann::json j = nlohmann::json::parse(results::methodJson(m).dump());
  const analysis::AnalysisMethod back = results::methodFromJson(j);
  EXPECT_EQ(results::methodJson(back).dump(), results::methodJson(m).dump());
  EXPECT_EQ(back.hold.target_percent, 60.0);
  EXPECT_EQ(back.hold.reference_n, 400.0);
  EXPECT_EQ(back.hold.target(), 240.0);
  EXPECT_EQ(back.baseline.kind, analysis::BaselineMethod::Kind::FixedWindow);
  EXPECT_EQ(back.onset.kind, analysis::OnsetMethod::Kind::FixedAboveBaseline);

  const analysis::AnalysisMethod defaults;
  EXPECT_EQ(results::methodJson(results::methodFromJson(
                                    nlohmann::json::parse(results::methodJson(defaults).dump())))
                .dump(),
            results::methodJson(defaults).dump());
}

TEST(StoredMethod, AMethodOutOfRangeIsRefusedNotUsed) {
  nlohmann::json j = nlohmann::json::parse(results::methodJson({}).dump());
  j["onset"] = "sd:-3";
  EXPECT_THROW((void)results::methodFromJson(j), wire::InputError);
  EXPECT_THROW((void)results::methodFromJson(nlohmann::json::array()), wire::InputError);
}
