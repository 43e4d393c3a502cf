// The method stored with results is read back as the method that made them, so a session is
// re-analysed (by the viewer, by analyze) the way its stored results were made.

#include <gtest/gtest.h>

#include "holdfast/session/AnalysisJson.h"
#include "holdfast/session/AnalysisParameters.h"
#include "holdfast/session/InputError.h"

using namespace holdfast;

TEST(StoredMethod, EveryParameterSurvivesTheJsonRoundTrip) {
  analysis::AnalysisMethod m;
  session::applySetting(m, "baseline-window", "0.5:1.5", "test");
  session::applySetting(m, "filter", "butterworth:4:50", "test");
  session::applySetting(m, "onset", "fixed:25", "test");
  session::applySetting(m, "hold-target-percent", "60", "test");
  session::applySetting(m, "reference-n", "400", "test");
  session::applySetting(m, "tolerance-percent", "10", "test");
  session::applySetting(m, "grace-s", "0.5", "test");
  session::applySetting(m, "min-rest-s", "2", "test");
  session::applySetting(m, "peak-rfd-window-s", "0.01", "test");
  session::applySetting(m, "best-window-s", "0.5", "test");
  session::applySetting(m, "critical-force-last-reps", "4", "test");
  const nlohmann::json j = nlohmann::json::parse(session::methodJson(m).dump());
  const analysis::AnalysisMethod back = session::methodFromJson(j);
  EXPECT_EQ(session::methodJson(back).dump(), session::methodJson(m).dump());
  EXPECT_EQ(back.hold.target_percent, 60.0);
  EXPECT_EQ(back.hold.reference_n, 400.0);
  EXPECT_EQ(back.hold.target(), 240.0);
  EXPECT_EQ(back.baseline.kind, analysis::BaselineMethod::Kind::FixedWindow);
  EXPECT_EQ(back.onset.kind, analysis::OnsetMethod::Kind::FixedAboveBaseline);

  const analysis::AnalysisMethod defaults;
  EXPECT_EQ(session::methodJson(session::methodFromJson(
                                    nlohmann::json::parse(session::methodJson(defaults).dump())))
                .dump(),
            session::methodJson(defaults).dump());
}

TEST(StoredMethod, AMethodOutOfRangeIsRefusedNotUsed) {
  nlohmann::json j = nlohmann::json::parse(session::methodJson({}).dump());
  j["onset"] = "sd:-3";
  EXPECT_THROW((void)session::methodFromJson(j), session::InputError);
  EXPECT_THROW((void)session::methodFromJson(nlohmann::json::array()), session::InputError);
}
