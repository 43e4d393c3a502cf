#include <H5Cpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "holdfast/store/AnalysisResultsFile.h"
#include "holdfast/store/IsoTime.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/store/SessionFileWriter.h"
#include "holdfast/store/SessionLock.h"

using namespace holdfast::store;
namespace fs = std::filesystem;

namespace {

/// Temporary files of `target` left in its folder.
std::vector<fs::path> temporaries(const fs::path& target) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(target.parent_path()))
    if (isTemporaryOf(e.path(), target)) out.push_back(e.path());
  return out;
}

class SessionFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("holdfast-store-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static SessionInfo session() {
    SessionInfo s;
    s.patient_id = "P-0042";
    s.test = "isometric-mvc";
    s.involved = "right";
    s.body_mass_kg = 71.5;
    s.operator_name = "physio-1";
    s.software_version = "test";
    s.created_utc = isoUtcNow();
    return s;
  }

  /// Writes a trial of n samples with `channels` columns: value = 100 c + i / 10.
  static void writeTrial(const fs::path& path, const std::string& side, std::size_t n,
                         std::size_t channels) {
    TrialInfo t;
    t.side = side;
    t.protocol = "csv";
    t.port = "/dev/ttyUSB0";
    t.started_utc = isoUtcNow();
    SessionFileWriter w(path, session(), t);
    // Two batches, to exercise extending the datasets.
    for (std::size_t start = 0; start < n; start += n / 2 + 1) {
      const std::size_t m = std::min(n - start, n / 2 + 1);
      std::vector<double> time, host, values;
      for (std::size_t i = start; i < start + m; ++i) {
        time.push_back(static_cast<double>(i) * 0.001);
        host.push_back(static_cast<double>(i) * 0.001 + 0.0005);
        for (std::size_t c = 0; c < channels; ++c)
          values.push_back(100.0 * static_cast<double>(c) + static_cast<double>(i) / 10.0);
      }
      w.appendSamples(time, host, values, channels);
    }
    w.appendEvent(TrialEvent{7, 0.25, "gap", 3, ""});
    t.channel_names = channels == 2 ? std::vector<std::string>{"left_n", "right_n"}
                                    : std::vector<std::string>{"force_n"};
    t.ended_utc = isoUtcNow();
    t.stop_reason = "duration";
    t.measured_rate_hz = 1000.0;
    w.finish(t, {{"samples", static_cast<std::int64_t>(n)}, {"gaps", 1}});
    w.commit();
  }

  fs::path dir_;
};

}  // namespace

TEST_F(SessionFileTest, RoundTripKeepsEverySampleAndTheMetadata) {
  const fs::path file = dir_ / "s.h5";
  writeTrial(file, "both", 10001, 2);
  EXPECT_TRUE(temporaries(dir_ / "s.h5").empty());

  const SessionRecord r = readSessionFile(file);
  EXPECT_EQ(r.schema_version, kSchemaVersion);
  EXPECT_EQ(r.info.patient_id, "P-0042");
  EXPECT_EQ(r.info.test, "isometric-mvc");
  EXPECT_EQ(r.info.involved, "right");
  ASSERT_TRUE(r.info.body_mass_kg);
  EXPECT_DOUBLE_EQ(*r.info.body_mass_kg, 71.5);
  EXPECT_EQ(r.info.operator_name, "physio-1");
  ASSERT_EQ(r.trials.size(), 1u);
  const TrialRecord& t = r.trials[0];
  EXPECT_EQ(t.info.number, 1);
  EXPECT_EQ(t.info.side, "both");
  EXPECT_EQ(t.info.port, "/dev/ttyUSB0");
  EXPECT_EQ(t.info.stop_reason, "duration");
  EXPECT_EQ(t.info.channel_names, (std::vector<std::string>{"left_n", "right_n"}));
  EXPECT_DOUBLE_EQ(t.info.measured_rate_hz, 1000.0);
  ASSERT_EQ(t.time_s.size(), 10001u);
  ASSERT_EQ(t.channels.size(), 2u);
  for (std::size_t i = 0; i < t.time_s.size(); ++i) {
    ASSERT_EQ(t.time_s[i], static_cast<double>(i) * 0.001);
    // Stored resolutions (docs/hdf5-schema.md): arrival times 1 us, force 0.001 N.
    ASSERT_NEAR(t.host_time_s[i], static_cast<double>(i) * 0.001 + 0.0005, 0.5e-6);
    ASSERT_NEAR(t.channels[0][i], static_cast<double>(i) / 10.0, 0.5e-3);
    ASSERT_NEAR(t.channels[1][i], 100.0 + static_cast<double>(i) / 10.0, 0.5e-3);
  }
  ASSERT_EQ(t.events.size(), 1u);
  EXPECT_EQ(t.events[0].kind, "gap");
  EXPECT_EQ(t.events[0].sample_index, 7);
  EXPECT_EQ(t.events[0].value, 3);
  // Every counter back, in the order written ("samples" before "gaps": not by name).
  EXPECT_EQ(t.acquisition, (Counters{{"samples", 10001}, {"gaps", 1}}));
}

TEST_F(SessionFileTest, AppendingATrialKeepsTheFirstAndTheSessionMetadata) {
  const fs::path file = dir_ / "s.h5";
  writeTrial(file, "left", 500, 1);
  writeTrial(file, "right", 700, 1);
  const SessionRecord r = readSessionFile(file);
  ASSERT_EQ(r.trials.size(), 2u);
  EXPECT_EQ(r.trials[0].info.side, "left");
  EXPECT_EQ(r.trials[0].time_s.size(), 500u);
  EXPECT_EQ(r.trials[1].info.number, 2);
  EXPECT_EQ(r.trials[1].info.side, "right");
  EXPECT_EQ(r.trials[1].time_s.size(), 700u);
}

TEST_F(SessionFileTest, AnAbandonedTrialLeavesTheSessionUntouched) {
  const fs::path file = dir_ / "s.h5";
  writeTrial(file, "left", 500, 1);
  const auto before = fs::file_size(file);
  {
    SessionFileWriter w(file, session(), TrialInfo{});
    std::vector<double> t{0.0}, h{0.0}, v{1.0};
    w.appendSamples(t, h, v, 1);
    w.abandon();
  }
  EXPECT_TRUE(temporaries(dir_ / "s.h5").empty());
  EXPECT_EQ(fs::file_size(file), before);
  EXPECT_EQ(readSessionFile(file).trials.size(), 1u);
  {
    // A writer dropped without commit (a crash) never touches the session either.
    SessionFileWriter w(file, session(), TrialInfo{});
  }
  EXPECT_EQ(readSessionFile(file).trials.size(), 1u);
}

TEST_F(SessionFileTest, MissingNotHdf5AndTruncatedFilesGiveClearErrors) {
  EXPECT_THROW((void)readSessionFile(dir_ / "nope.h5"), StoreError);
  std::ofstream(dir_ / "text.h5") << "this is not HDF5\n";
  try {
    (void)readSessionFile(dir_ / "text.h5");
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("text.h5"), std::string::npos);
  }
  const fs::path good = dir_ / "good.h5";
  writeTrial(good, "left", 20000, 1);
  fs::copy_file(good, dir_ / "cut.h5");
  fs::resize_file(dir_ / "cut.h5", fs::file_size(good) / 2);
  EXPECT_THROW((void)readSessionFile(dir_ / "cut.h5"), StoreError);
  // Appending to a file that is not a session is refused and leaves no .partial behind.
  EXPECT_THROW(SessionFileWriter(dir_ / "text.h5", session(), TrialInfo{}), StoreError);
  EXPECT_TRUE(temporaries(dir_ / "text.h5").empty());
}

TEST_F(SessionFileTest, OtherSchemaVersionIsRefused) {
  const fs::path file = dir_ / "s.h5";
  writeTrial(file, "left", 10, 1);
  {
    H5::H5File f(file.string(), H5F_ACC_RDWR);
    H5::Attribute a = f.openAttribute("schema_version");
    const std::int64_t v = 99;
    a.write(H5::PredType::NATIVE_INT64, &v);
  }
  try {
    (void)readSessionFile(file);
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("schema version 99"), std::string::npos) << e.what();
  }
}

TEST(IsoTime, FormatsUtcWithMilliseconds) {
  const auto t = std::chrono::system_clock::time_point(std::chrono::milliseconds(1764000000123LL));
  EXPECT_EQ(isoUtc(t), "2025-11-24T16:00:00.123Z");
}

TEST_F(SessionFileTest, StoredResultsGoWhenATrialIsAppended) {
  const fs::path file = dir_ / "s.h5";
  writeTrial(file, "left", 500, 1);
  AnalysisResults results;
  results.results_json = R"({"trials": []})";
  results.method = {{"onset", "sd:5"}};
  results.efforts = {ResultsColumn{"peak_force_n", "N", {321.0}, {}},
                     ResultsColumn{"side", "", {}, {"left"}}};
  writeAnalysisResults(file, results);
  ASSERT_EQ(readAnalysisJson(file), std::optional<std::string>(results.results_json));
  EXPECT_EQ(readSessionFile(file).trials.size(), 1u) << "results must not disturb the trials";
  writeTrial(file, "right", 500, 1);
  EXPECT_FALSE(readAnalysisJson(file))
      << "results of one trial must not pass for the session of two";
  EXPECT_EQ(readSessionFile(file).trials.size(), 2u);
}

TEST_F(SessionFileTest, StoringResultsAgainDoesNotGrowTheFile) {
  // Results replaced in place would leave the old ones' bytes behind: each `analyze` grew a
  // session by the size of its results.
  const fs::path file = dir_ / "s.h5";
  writeTrial(file, "left", 2000, 1);
  AnalysisResults results;
  results.results_json = std::string(3000, 'x');
  results.method = {{"onset", "sd:5"}};
  for (int c = 0; c < 30; ++c)
    results.efforts.push_back(ResultsColumn{"column_" + std::to_string(c), "N", {1.0, 2.0}, {}});
  writeAnalysisResults(file, results);
  const auto once = fs::file_size(file);
  for (int again = 0; again < 3; ++again) writeAnalysisResults(file, results);
  EXPECT_EQ(fs::file_size(file), once);
  EXPECT_EQ(readAnalysisJson(file), std::optional<std::string>(results.results_json));
  // A trial appended afterwards costs about its own bytes, not the dropped results' as well.
  const fs::path alone = dir_ / "alone.h5";
  writeTrial(alone, "left", 2000, 1);
  writeTrial(alone, "right", 2000, 1);
  writeTrial(file, "right", 2000, 1);
  EXPECT_EQ(fs::file_size(file), fs::file_size(alone));
}
