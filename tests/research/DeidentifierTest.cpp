// De-identification of a session for research (HIPAA Safe Harbor / GDPR pseudonymisation in
// spirit), tested on the library itself: keyed ids, shifted dates that keep intervals, no free
// text, age bands.

#include "holdfast/research/Deidentifier.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "EffortSessions.h"

using holdfast::research::Deidentifier;

namespace {
const std::string kSalt = "a clinic's secret salt, 32 chars";
}

TEST(Deidentifier, ResearchIdsAreKeyedStableAndUntraceableWithoutTheSalt) {
  const Deidentifier d(kSalt);
  const std::string id = d.researchId("P-0001");
  // "R-" and 12 lower-case hex digits (std::regex trips a GCC 12 warning under ASan).
  ASSERT_EQ(id.size(), 14u) << id;
  EXPECT_EQ(id.substr(0, 2), "R-");
  EXPECT_TRUE(std::all_of(id.begin() + 2, id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  })) << id;
  EXPECT_EQ(id, Deidentifier(kSalt).researchId("P-0001"));
  EXPECT_NE(id, d.researchId("P-0002"));
  EXPECT_NE(id, Deidentifier("another clinic's salt").researchId("P-0001"));
  EXPECT_THROW(Deidentifier("short"), std::invalid_argument);
}

TEST(Deidentifier, DatesMoveByOneNonZeroShiftPerPatient) {
  const Deidentifier d(kSalt);
  for (const char* p : {"P-0001", "P-0002", "P-0003", "X"}) {
    const int days = d.shiftDays(p);
    EXPECT_NE(days, 0) << p;
    EXPECT_GE(days, -365) << p;
    EXPECT_LE(days, 365) << p;
    EXPECT_EQ(days, d.shiftDays(p));
  }
  EXPECT_EQ(Deidentifier::shiftDate("2026-03-10", 5), "2026-03-15");
  EXPECT_EQ(Deidentifier::shiftDate("2026-12-30T23:00:00Z", 3), "2027-01-02T23:00:00.000Z");
  EXPECT_EQ(Deidentifier::shiftDate("", 5), "");
  EXPECT_EQ(Deidentifier::shiftDate("not a date", 5), "");
}

TEST(Deidentifier, AgesBecomeFiveYearBandsAndOver89IsOneGroup) {
  EXPECT_EQ(Deidentifier::ageBand(27), "25-29");
  EXPECT_EQ(Deidentifier::ageBand(30), "30-34");
  EXPECT_EQ(Deidentifier::ageBand(89), "85-89");
  EXPECT_EQ(Deidentifier::ageBand(90), "90+");
  EXPECT_EQ(Deidentifier::ageBand(std::nullopt), "");
}

TEST(Deidentifier, ASessionKeepsItsMeasurementsAndLosesWhatIdentifies) {
  auto session = holdfast::test::leftRightSession();
  session.trials[0].info.port = "/dev/ttyUSB0";
  session.trials[0].info.device_serial = "FTDI-123";
  session.trials[0].info.started_utc = "2026-03-10T09:16:00Z";
  session.trials[0].info.calibration_json =
      R"({"channels":[{"scale_n_per_unit":0.01,"calibrated_utc":"2026-03-01T08:00:00Z","serial":"X"}]})";
  const Deidentifier d(kSalt);
  const auto out = d.apply(session, "unused");
  const int days = d.shiftDays("P-0001");
  EXPECT_EQ(out.info.patient_id, d.researchId("P-0001"));
  EXPECT_EQ(out.info.operator_name, "");
  EXPECT_EQ(out.info.age_years, std::nullopt);
  EXPECT_EQ(out.info.age_band, "25-29");
  EXPECT_EQ(out.info.created_utc, Deidentifier::shiftDate("2026-03-10T09:15:00Z", days));
  EXPECT_EQ(out.trials[0].info.port, "");
  EXPECT_EQ(out.trials[0].info.device_serial, "");
  EXPECT_EQ(out.trials[0].info.started_utc, Deidentifier::shiftDate("2026-03-10T09:16:00Z", days));
  EXPECT_EQ(out.trials[0].info.calibration_json.find("serial"), std::string::npos);
  EXPECT_NE(out.trials[0].info.calibration_json.find(
                Deidentifier::shiftDate("2026-03-01T08:00:00Z", days)),
            std::string::npos);
  EXPECT_NE(out.trials[0].info.calibration_json.find("0.01"), std::string::npos);
  EXPECT_EQ(out.trials[0].channels, session.trials[0].channels);  // every measurement kept
  // A file without a patient id is its own subject, keyed by what the caller gives.
  session.info.patient_id.clear();
  EXPECT_EQ(d.apply(session, "file-7").info.patient_id, d.researchId("file-7"));
}
