// `holdfast report` of several sessions of one patient: a return-to-sport battery with one
// overall verdict, first on page 1 of the PDF and in the JSON model (issue 27).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../support/EffortSessions.h"
#include "CliFixture.h"
#include "holdfast/store/SessionFileWriter.h"

using namespace holdfast::test;  // NOLINT(google-build-using-namespace)
namespace store = holdfast::store;

namespace {

class BatteryCli : public Cli {
 protected:
  /// Left `left_n`, right `right_n` (the right involved), recorded as `test`.
  fs::path session(const std::string& name, const std::string& test, double left_n, double right_n,
                   const std::string& patient = "P-0001") {
    store::SessionRecord r = leftRightSession(patient);
    r.info.test = test;
    r.trials = {effortTrial(1, "left", left_n), effortTrial(2, "right", right_n)};
    const fs::path file = dir_ / (name + ".h5");
    store::writeSessionRecord(file, r);
    return file;
  }
};

}  // namespace

#ifdef HOLDFAST_STATION_BIN  // `report` needs Qt (the TSan build has none)
TEST_F(BatteryCli, SeveralSessionsOfOnePatientGetOneVerdictOnPageOneAndInTheJson) {
  // isometric-max: LSI of peak force >= 90 %: 340 / 400 = 85 %, failed.
  const fs::path a = session("a", "isometric-max", 400, 340);
  // hamstring-90-90: LSI of peak force and of RFD 0-100 ms >= 90 %: 380 / 400 = 95 %, both met
  // (the efforts rise alike, so RFD scales with the peak).
  const fs::path b = session("b", "hamstring-90-90", 400, 380);
  // A test without criteria: listed, counts for nothing.
  const fs::path c = session("c", "a-clinic-test", 400, 390);

  const Result json = run({"report", a.string(), b.string(), c.string(), "--json"});
  ASSERT_EQ(json.code, 0) << json.err;
  const nlohmann::json model = nlohmann::json::parse(json.out);
  const auto& battery = model.at("battery");
  EXPECT_EQ(battery["criteria_met"], 2);
  EXPECT_EQ(battery["criteria_total"], 3);
  EXPECT_EQ(battery["verdict"], "not cleared");
  EXPECT_EQ(battery["text"], "Return-to-sport battery: 2 of 3 criteria met: not cleared");
  ASSERT_EQ(battery["sessions"].size(), 3u);
  EXPECT_EQ(battery["sessions"][0]["verdict"], "not cleared");
  EXPECT_EQ(battery["sessions"][0]["test_name"], "Isometric maximal effort, per side");
  EXPECT_EQ(battery["sessions"][1]["verdict"], "cleared");
  EXPECT_EQ(battery["sessions"][1]["criteria_total"], 2);
  EXPECT_EQ(battery["sessions"][2]["verdict"], "no criteria");
  ASSERT_EQ(model.at("sessions").size(), 3u);
  EXPECT_EQ(model["sessions"][0]["test_name"], "Isometric maximal effort, per side");

  // The PDF: the battery's line on page 1, before any session's own verdict.
  const fs::path pdf = dir_ / "battery.pdf";
  const Result written = run({"report", a.string(), b.string(), c.string(), "--pdf", pdf.string()});
  ASSERT_EQ(written.code, 0) << written.err;
  EXPECT_NE(written.out.find("Return-to-sport battery: 2 of 3 criteria met: not cleared"),
            std::string::npos)
      << written.out;
  if (std::system("command -v pdftotext >/dev/null") != 0) GTEST_SKIP() << "no pdftotext";
  const fs::path page1 = dir_ / "page1.txt";
  ASSERT_EQ(std::system(("pdftotext -f 1 -l 1 " + pdf.string() + " " + page1.string()).c_str()), 0);
  const std::string text = slurp(page1);
  const auto line = text.find("Return-to-sport battery: 2 of 3 criteria met: not cleared");
  ASSERT_NE(line, std::string::npos) << text;
  const auto first_verdict = text.find("Verdict:");
  if (first_verdict != std::string::npos) {
    EXPECT_LT(line, first_verdict);
  }

  // Every criterion met: cleared.
  const fs::path d = session("d", "isometric-max", 400, 395);
  const Result cleared = run({"report", b.string(), d.string(), "--json"});
  ASSERT_EQ(cleared.code, 0) << cleared.err;
  EXPECT_EQ(nlohmann::json::parse(cleared.out)["battery"]["verdict"], "cleared");

  // One session is no battery; sessions of two patients get none, and say why.
  const Result one = run({"report", a.string(), "--json"});
  ASSERT_EQ(one.code, 0) << one.err;
  EXPECT_FALSE(nlohmann::json::parse(one.out).contains("battery"));
  const fs::path other = session("other", "isometric-max", 400, 395, "P-0002");
  const Result two = run({"report", a.string(), other.string(), "--json"});
  ASSERT_EQ(two.code, 0) << two.err;
  EXPECT_FALSE(nlohmann::json::parse(two.out).contains("battery"));
  EXPECT_NE(two.err.find("more than one patient"), std::string::npos) << two.err;

  // Neither --pdf nor --json: a one-line error, exit 2.
  const Result neither = run({"report", a.string()});
  EXPECT_EQ(neither.code, 2);
  EXPECT_NE(neither.err.find("--pdf"), std::string::npos) << neither.err;
}
#endif
