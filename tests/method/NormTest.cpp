// The norms table: every shipped row is complete and agrees with its test and the metric
// catalogue, and a bad row is an error naming the file, the row and what is wrong.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "holdfast/analysis/MetricCatalogue.h"
#include "holdfast/method/Norm.h"
#include "holdfast/method/TestDefinition.h"
#include "holdfast/wire/InputError.h"

using namespace holdfast::method;  // NOLINT(google-build-using-namespace)

namespace fs = std::filesystem;

namespace {

const fs::path kLibrary = fs::path(HOLDFAST_SOURCE_DIR) / "test_library";

/// A one-row table in a fresh folder, the row edited by `change`; returns the load's error.
std::string loadError(const std::function<void(nlohmann::json&)>& change) {
  const fs::path dir = fs::temp_directory_path() / ("hf-norms-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  nlohmann::json j = nlohmann::json::parse(
      std::ifstream(kLibrary / "norms" / "mosler-2017-professional-football.json"));
  j["rows"].erase(1);
  change(j);
  std::ofstream(dir / "t.json") << j.dump();
  try {
    (void)loadNorms(dir, loadTestLibrary(kLibrary));
  } catch (const holdfast::wire::InputError& e) {
    fs::remove_all(dir);
    return e.what();
  }
  fs::remove_all(dir);
  return "(loaded)";
}

}  // namespace

TEST(Norm, EveryShippedRowHasItsSourceAndAgreesWithItsTest) {
  const auto library = loadTestLibrary(kLibrary);
  std::size_t rows = 0;
  for (const TestDefinition& t : library) {
    for (const Norm& n : t.norms) {
      ++rows;
      EXPECT_EQ(n.test, t.id);
      EXPECT_FALSE(n.citation.empty()) << n.id;
      EXPECT_FALSE(n.cited_as.empty()) << n.id;
      EXPECT_FALSE(n.values_from.empty()) << n.id;
      EXPECT_FALSE(n.device.empty()) << n.id;
      EXPECT_FALSE(n.position.empty()) << n.id;
      EXPECT_FALSE(n.population.description.empty()) << n.id;
      EXPECT_GT(n.n, 0) << n.id;
      EXPECT_GT(n.sd, 0.0) << n.id;
      ASSERT_TRUE(t.dynamometer) << n.id;
      EXPECT_EQ(n.mode, t.dynamometer->mode) << n.id;
      EXPECT_EQ(n.unit, holdfast::analysis::metricInfo(n.metric).unit) << n.id;
    }
  }
  EXPECT_GE(rows, 2u);
}

TEST(Norm, TheMoslerRowsAreTheAbstractsNumbers) {
  const auto library = loadTestLibrary(kLibrary);
  const auto rows = loadNorms(normsFolder(kLibrary), library);
  ASSERT_EQ(rows.size(), 2u);
  const Norm& abd = rows[0].test == "hip-abduction-eccentric" ? rows[0] : rows[1];
  const Norm& add = rows[0].test == "hip-adduction-eccentric" ? rows[0] : rows[1];
  EXPECT_EQ(add.mean, 3.0);
  EXPECT_EQ(add.sd, 0.6);
  EXPECT_EQ(abd.mean, 2.6);
  EXPECT_EQ(abd.sd, 0.4);
  EXPECT_EQ(add.n, 394);
  EXPECT_EQ(add.population.text(), "male, 18-40 years, football (professional)");
  EXPECT_EQ(add.doi, "10.1016/j.jsams.2016.05.010");
}

TEST(Norm, ABadRowIsAnErrorNamingIt) {
  EXPECT_EQ(loadError([](nlohmann::json&) {}), "(loaded)");
  EXPECT_NE(loadError([](nlohmann::json& j) {
              j["source"].erase("citation");
            }).find("rows[0] (source): 'citation' is missing"),
            std::string::npos);
  EXPECT_NE(loadError([](nlohmann::json& j) { j["rows"][0]["test"] = "hip-aduction-eccentric"; })
                .find("rows[0]: unknown test 'hip-aduction-eccentric': did you mean "
                      "hip-abduction-eccentric or hip-adduction-eccentric?"),
            std::string::npos);
  EXPECT_NE(loadError([](nlohmann::json& j) {
              j["rows"][0]["unit"] = "N";
            }).find("must be converted first"),
            std::string::npos);
  EXPECT_NE(
      loadError([](nlohmann::json& j) { j["rows"][0]["mode"] = "make"; }).find("is a break test"),
      std::string::npos);
  EXPECT_NE(
      loadError([](nlohmann::json& j) { j["rows"][0]["sd"] = 0; }).find("'sd' must be above 0"),
      std::string::npos);
  EXPECT_NE(loadError([](nlohmann::json& j) {
              j["rows"][0]["population"]["sport"] = "soccer";
            }).find("unknown sport 'soccer'"),
            std::string::npos);
  EXPECT_NE(loadError([](nlohmann::json& j) {
              j["rows"][0]["metric"] = "peak_torque_per_kg";
            }).find("did you mean peak_torque_nm_per_kg"),
            std::string::npos);
  EXPECT_NE(loadError([](nlohmann::json& j) {
              j["rows"][0]["test"] = "cmj";
            }).find("not a dynamometer test"),
            std::string::npos);
  EXPECT_NE(loadError([](nlohmann::json& j) {
              j["rows"][0]["population"]["age_min"] = 50;
            }).find("'age_min' is above 'age_max'"),
            std::string::npos);
}
