// The session read without the HDF5 library (store/src/SessionImageReader.h) is the session the
// library reads, bit for bit, for every kind of file Holdfast writes: recorded trials (force to
// a stated resolution by scale-offset, raw counts as int32 or decimals, the centre of pressure
// on its float32 grid, arrival times to the microsecond), imported trials (exact float64,
// NaN), several channels per chunk, lengths that are not whole chunks, appended trials, stored
// results, events with and without words, and the old layout of data_samples/demo_session.h5.
// A damaged file is never read wrongly and never crashes the reader: what the image reader reads,
// the library reads the same; what contradicts itself is refused with one line.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>

#include "Hdf5Image.h"  // store/src
#include "MetadataFields.h"
#include "SessionImageReader.h"
#include "holdfast/store/AnalysisResultsFile.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/store/SessionFileWriter.h"

namespace fs = std::filesystem;
using namespace holdfast::store;

namespace {

fs::path scratchDir() {
  const fs::path d = fs::temp_directory_path() /
                     ("holdfast-image-" + std::to_string(::getpid()) + "-" +
                      ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string bits(double v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llx",
                static_cast<unsigned long long>(std::bit_cast<std::uint64_t>(v)));
  return buf;
}

/// Every metadata field as text (numbers by their bits), through the same field lists the
/// readers walk.
struct Describe {
  std::vector<std::string>& out;
  void operator()(const fields::Field& f, const std::string& v) const {
    out.push_back(std::string(f.hdf5) + "=" + v);
  }
  void operator()(const fields::Field& f, const std::vector<std::string>& v) const {
    std::string all = std::string(f.hdf5) + "=[";
    for (const auto& s : v) all += s + "|";
    out.push_back(all + "]");
  }
  void operator()(const fields::Field& f, double v) const {
    out.push_back(std::string(f.hdf5) + "=" + bits(v));
  }
  void operator()(const fields::Field& f, const std::optional<double>& v) const {
    out.push_back(std::string(f.hdf5) + "=" + (v ? bits(*v) : "none"));
  }
  void operator()(const fields::Field& f, const std::optional<int>& v) const {
    out.push_back(std::string(f.hdf5) + "=" + (v ? std::to_string(*v) : "none"));
  }
};

void expectSameColumn(const std::vector<double>& a, const std::vector<double>& b,
                      const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  if (!a.empty()) {
    EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(double)), 0) << what;
  }
}

void expectSameRecord(const SessionRecord& a, const SessionRecord& b) {
  EXPECT_EQ(a.schema_version, b.schema_version);
  std::vector<std::string> da, db;
  SessionInfo sa = a.info, sb = b.info;
  fields::session(sa, Describe{da});
  fields::session(sb, Describe{db});
  EXPECT_EQ(da, db);
  ASSERT_EQ(a.trials.size(), b.trials.size());
  for (std::size_t t = 0; t < a.trials.size(); ++t) {
    SCOPED_TRACE("trial " + std::to_string(t + 1));
    const TrialRecord &x = a.trials[t], &y = b.trials[t];
    std::vector<std::string> ta, tb;
    TrialInfo ia = x.info, ib = y.info;
    fields::trial(ia, Describe{ta});
    fields::trial(ib, Describe{tb});
    EXPECT_EQ(ta, tb);
    EXPECT_EQ(x.info.number, y.info.number);
    EXPECT_EQ(x.info.raw_is_integer, y.info.raw_is_integer);
    EXPECT_EQ(x.info.raw_decimals, y.info.raw_decimals);
    expectSameColumn(x.time_s, y.time_s, "time_s");
    expectSameColumn(x.host_time_s, y.host_time_s, "host_time_s");
    expectSameColumn(x.device_time_s, y.device_time_s, "device_time_s");
    ASSERT_EQ(x.channels.size(), y.channels.size());
    for (std::size_t c = 0; c < x.channels.size(); ++c)
      expectSameColumn(x.channels[c], y.channels[c], "force_n column " + std::to_string(c));
    ASSERT_EQ(x.cop_mm.size(), y.cop_mm.size());
    for (std::size_t c = 0; c < x.cop_mm.size(); ++c)
      expectSameColumn(x.cop_mm[c], y.cop_mm[c], "cop_mm column " + std::to_string(c));
    EXPECT_EQ(x.raw.size(), y.raw.size());
    ASSERT_EQ(x.events.size(), y.events.size());
    for (std::size_t e = 0; e < x.events.size(); ++e) {
      EXPECT_EQ(x.events[e].sample_index, y.events[e].sample_index);
      EXPECT_EQ(bits(x.events[e].host_time_s), bits(y.events[e].host_time_s));
      EXPECT_EQ(x.events[e].kind, y.events[e].kind);
      EXPECT_EQ(x.events[e].value, y.events[e].value);
      EXPECT_EQ(x.events[e].detail, y.events[e].detail);
    }
    EXPECT_EQ(x.acquisition, y.acquisition);
  }
}

/// The image reader reads the file, and gives what the library gives.
void expectImageReadsAsLibrary(const fs::path& p) {
  SCOPED_TRACE(p.filename().string());
  const auto image = readSessionImage(p);
  ASSERT_TRUE(image.has_value()) << "a file Holdfast wrote is read without the library";
  expectSameRecord(*image, readSessionThroughLibrary(p, SessionParts::ForAnalysis));
  // And the public reader takes that path.
  expectSameRecord(*image, readSessionFile(p, SessionParts::ForAnalysis));
}

SessionInfo aSession() {
  SessionInfo s;
  s.patient_id = "P-IMAGE";
  s.test = "isometric-max";
  s.involved = "right";
  s.body_mass_kg = 71.5;
  s.sex = "female";
  s.age_years = 34;
  s.age_band = "30-34";
  s.sport = "football";
  s.operator_name = "physio \xc3\xa9quipe";  // UTF-8
  s.test_definition = R"({"format":"holdfast-test/1","name":"isometric-max"})";
  return s;
}

struct Recording {
  std::size_t rows = 10'007;  // the last chunk of 4,096 rows partial
  std::size_t force_columns = 3;
  std::size_t cop_columns = 2;
  bool raw_is_integer = false;
  int raw_decimals = 2;
  bool raw_is_force = false;
  bool device_time_is_time = false;
  std::optional<double> cue;
  double force_resolution_n = 0.01;
  bool constant = false;  ///< every force value the same (scale-offset keeps no bits for them)
  double amplitude = 1.0;  ///< the force's scale: a wide range takes more bits a value
};

/// A trial as the recorder writes one: every span of an acquired block, events, counters.
void record(const fs::path& p, const Recording& r, const std::string& side, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 3.0);
  TrialInfo t;
  t.side = side;
  t.protocol = "csv";
  t.port = "/dev/ttyACM0";
  t.started_utc = "2026-12-05T08:00:00.000Z";
  for (std::size_t c = 0; c < r.force_columns; ++c) {
    t.channel_names.push_back("cell" + std::to_string(c + 1));
    t.raw_channel_names.push_back("raw" + std::to_string(c + 1));
    t.raw_units.push_back(r.raw_is_integer ? "counts" : "N");
  }
  t.device_serial = "SIM-0001";
  t.calibration_json = R"([{"offset":0,"scale":1}])";
  t.layout = "one raw channel per force channel";
  if (r.cop_columns > 0) {
    t.cop_names = {"left_cop_x_mm", "left_cop_y_mm"};
    t.plate_pitch_mm = 450.0;
    t.plate_width_mm = 400.0;
    t.plate_length_mm = 600.0;
  }
  t.cue_host_time_s = r.cue;
  t.planned_duration_s = r.cue ? std::optional<double>(8.0) : std::nullopt;
  t.force_resolution_n = r.force_resolution_n;
  t.raw_is_integer = r.raw_is_integer;
  t.raw_decimals = r.raw_is_integer ? -1 : r.raw_decimals;
  t.raw_is_force = r.raw_is_force;
  t.device_time_is_time = r.device_time_is_time;
  const std::size_t n = r.rows;
  std::vector<double> time(n), host(n), device(n), force(n * r.force_columns),
      raw(n * r.force_columns), cop(n * r.cop_columns);
  for (std::size_t i = 0; i < n; ++i) {
    time[i] = 0.109 + static_cast<double>(i) * 0.001;
    host[i] = 0.002 + static_cast<double>(i) * 0.001 + 1e-6 * std::abs(noise(rng));
    device[i] = r.device_time_is_time ? time[i] : 12.5 + time[i];
    for (std::size_t c = 0; c < r.force_columns; ++c) {
      const double f = r.amplitude * (15.0 + 300.0 * std::exp(-std::pow((static_cast<double>(i) - 5000.0) / 900.0, 2)) +
                                      noise(rng) + 40.0 * static_cast<double>(c));
      const double v = r.constant         ? 20.0
                       : r.raw_is_integer ? std::round(f * 50.0)
                                          : std::round(f * 100.0) / 100.0;
      raw[i * r.force_columns + c] = v;
      force[i * r.force_columns + c] = r.raw_is_force ? v : (r.raw_is_integer ? v / 50.0 : v);
    }
    for (std::size_t c = 0; c < r.cop_columns; ++c)
      cop[i * r.cop_columns + c] = std::ldexp(std::round(std::ldexp(noise(rng) * 10.0, 7)), -7);
  }
  SessionFileWriter w(p, aSession(), t);
  for (std::size_t at = 0; at < n; at += 1000) {
    const std::size_t k = std::min<std::size_t>(1000, n - at);
    SessionFileWriter::AcquiredBlock b;
    b.time_s = std::span(time).subspan(at, k);
    b.host_time_s = std::span(host).subspan(at, k);
    b.device_time_s = std::span(device).subspan(at, k);
    b.force = std::span(force).subspan(at * r.force_columns, k * r.force_columns);
    b.force_columns = r.force_columns;
    b.raw = std::span(raw).subspan(at * r.force_columns, k * r.force_columns);
    b.raw_columns = r.force_columns;
    b.cop = std::span(cop).subspan(at * r.cop_columns, k * r.cop_columns);
    b.cop_columns = r.cop_columns;
    w.appendAcquired(b);
  }
  w.appendEvent(TrialEvent{12, 0.014, "gap", 3, ""});
  w.appendEvent(TrialEvent{400, 0.41, "link_error", 1, "CRC mismatch in frame 7 \xe2\x80\x94 resynced"});
  TrialInfo done = t;
  done.ended_utc = "2026-12-05T08:00:10.007Z";
  done.stop_reason = "duration";
  done.measured_rate_hz = 1000.0;
  done.nominal_rate_hz = 1000.0;
  done.excluded = side == "right" ? "redone as trial 3" : "";
  w.finish(done, {{"bytes_received", 240'123}, {"samples", static_cast<std::int64_t>(n)},
                  {"gaps", 1}, {"missing_samples", 3}, {"link_errors", 1}});
  w.commit();
}

/// A trial as an import writes one: exact float64, arrival times unknown, the lab's COP.
void import(const fs::path& p, std::size_t rows) {
  TrialRecord t;
  t.info.side = "both";
  t.info.protocol = "import:bioware-txt";
  t.info.channel_names = {"left_fz", "right_fz"};
  t.info.source_units = {"left 'Fz [N]': N (from the header)", "right 'Fz [N]': N (from the header)"};
  t.info.cop_names = {"left_cop_x_mm", "left_cop_y_mm"};
  t.info.ap_axis = "y";
  t.info.axes_source = "declared (--ap-axis y)";
  t.info.plausibility_flags = {"cop_disagrees_with_moments"};
  t.info.stop_reason = "imported";
  t.info.measured_rate_hz = 1200.0;
  std::mt19937_64 rng(99);
  std::uniform_real_distribution<double> u(-50.0, 900.0);
  t.time_s.resize(rows);
  t.host_time_s.assign(rows, std::numeric_limits<double>::quiet_NaN());
  t.channels.assign(2, std::vector<double>(rows));
  t.cop_mm.assign(2, std::vector<double>(rows));
  for (std::size_t i = 0; i < rows; ++i) {
    t.time_s[i] = static_cast<double>(i) / 1200.0;
    for (auto& c : t.channels) c[i] = u(rng);
    for (auto& c : t.cop_mm) c[i] = u(rng) / 7.0;
  }
  t.channels[1][17] = std::numeric_limits<double>::quiet_NaN();
  t.channels[0][rows - 1] = -0.0;
  t.cop_mm[0][5] = std::numeric_limits<double>::quiet_NaN();
  t.events.push_back(TrialEvent{0, 0.0, "imported", 0, "bioware export, 2 plates"});
  SessionFileWriter w(p, aSession(), t.info);
  w.appendTrialData(t);
  w.finish(t.info, {});
  w.commit();
}

TEST(SessionImageReader, ReadsEveryKindOfTrialAsTheLibraryDoes) {
  const fs::path dir = scratchDir();
  // One session of three recorded trials (the second and third appended to a copy of the
  // file): decimals and a cue; int32 counts, four channels and no COP; raw equal to force.
  const fs::path recorded = dir / "recorded.h5";
  record(recorded, Recording{.cue = 1.25, .force_resolution_n = 0.01}, "left", 1);
  expectImageReadsAsLibrary(recorded);
  record(recorded,
         Recording{.rows = 4096, .force_columns = 4, .cop_columns = 0, .raw_is_integer = true,
                   .cue = std::nullopt, .force_resolution_n = 0.02},
         "right", 2);
  record(recorded,
         Recording{.rows = 1, .force_columns = 1, .cop_columns = 0, .raw_decimals = 3,
                   .raw_is_force = true, .device_time_is_time = true, .cue = std::nullopt},
         "right", 3);
  expectImageReadsAsLibrary(recorded);
  // Stored results (/analysis, its table of compact datasets) are beside the trials.
  AnalysisResults results;
  results.results_json = R"({"efforts":[]})";
  results.software_version = "test";
  results.created_utc = "2026-12-05T09:00:00Z";
  results.method = {{"onset", "5 SD"}};
  results.efforts = {ResultsColumn{"peak_force_n", "N", {310.5, 290.25}, {}},
                     ResultsColumn{"side", "", {}, {"left", "right"}}};
  writeAnalysisResults(recorded, results);
  expectImageReadsAsLibrary(recorded);
  const auto read = readSessionFile(recorded, SessionParts::ForAnalysis);
  ASSERT_EQ(read.trials.size(), 3u);
  EXPECT_EQ(read.trials[0].host_time_s.size(), 10'007u) << "a trial with a cue has its arrivals";
  EXPECT_TRUE(read.trials[1].host_time_s.empty()) << "a trial without a cue does not";
  EXPECT_EQ(read.trials[0].cop_mm.size(), 2u);
  EXPECT_EQ(read.trials[0].events.at(1).detail, "CRC mismatch in frame 7 \xe2\x80\x94 resynced");
  EXPECT_TRUE(read.trials[1].info.raw_is_integer);
  EXPECT_EQ(read.trials[0].info.raw_decimals, 2);
  EXPECT_EQ(read.trials[1].channels.size(), 4u);
  EXPECT_EQ(read.trials[0].acquisition.front().first, "bytes_received") << "in creation order";

  // Sixteen channels in each chunk, every value the same: scale-offset stores no bits for them
  // (minbits 0), a chunk of 512 kB in a few bytes, and the image reader still reads it.
  const fs::path constant = dir / "constant.h5";
  record(constant,
         Recording{.rows = 9000, .force_columns = 16, .cop_columns = 0, .cue = std::nullopt,
                   .constant = true},
         "left", 5);
  expectImageReadsAsLibrary(constant);
  EXPECT_EQ(readSessionFile(constant, SessionParts::ForAnalysis).trials[0].channels[15][8999], 20.0);

  // Scale-offset's integers of 1 to 63 bits, the widest past the 56 its reader takes a
  // reservoir of whole bytes at a time for (the rest go bit by bit).
  for (const double amplitude : {1e-3, 1.0, 3e4, 1e9, 3e11, 4e13, 2e14}) {
    const fs::path wide = dir / ("amplitude-" + std::to_string(amplitude) + ".h5");
    record(wide,
           Recording{.rows = 5000, .force_columns = 2, .cop_columns = 0, .cue = std::nullopt,
                     .amplitude = amplitude},
           "left", 7);
    expectImageReadsAsLibrary(wide);
  }

  const fs::path imported = dir / "imported.h5";
  import(imported, 9'000);
  expectImageReadsAsLibrary(imported);
  EXPECT_TRUE(std::isnan(readSessionFile(imported, SessionParts::ForAnalysis).trials[0].cop_mm[0][5]))
      << "an imported COP is stored exactly, NaN included";
  fs::remove_all(dir);
}

TEST(SessionImageReader, ReadsTheSampleSessionOfTheOldLayout) {
  // Version 1 object headers, an old-style root group, events without words.
  expectImageReadsAsLibrary(fs::path(HOLDFAST_SOURCE_DIR) / "data_samples" / "demo_session.h5");
}

TEST(SessionImageReader, ChecksumsAreHdf5s) {
  // lookup3 of the empty input and of "Four score and seven years ago" with initval 0, as
  // Bob Jenkins' driver prints them (hashlittle, lookup3.c).
  EXPECT_EQ(h5image::lookup3({}), 0xdeadbeefu);
  const std::string text = "Four score and seven years ago";
  EXPECT_EQ(h5image::lookup3(std::span(reinterpret_cast<const std::uint8_t*>(text.data()),
                                       text.size())),
            0x17770551u);
}

TEST(SessionImageReader, ADamagedFileIsNeverReadWrongly) {
  const fs::path dir = scratchDir();
  const fs::path good = dir / "good.h5";
  record(good, Recording{.rows = 5000, .cue = 0.5, .force_resolution_n = 0.01}, "left", 4);
  std::ifstream in(good, std::ios::binary);
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), {});
  ASSERT_GT(bytes.size(), 1000u);
  const fs::path bad = dir / "bad.h5";
  std::mt19937_64 rng(5);
  int image_read = 0, damaged = 0, to_library = 0, same = 0, library_refused = 0;
  for (int round = 0; round < 400; ++round) {
    std::vector<char> damaged_bytes = bytes;
    if (round % 8 == 0) {
      damaged_bytes.resize(rng() % damaged_bytes.size());  // truncated
    } else {
      for (int k = 0; k < 1 + round % 3; ++k)
        damaged_bytes[rng() % damaged_bytes.size()] ^= static_cast<char>(1u << (rng() % 8));
    }
    std::ofstream(bad, std::ios::binary | std::ios::trunc)
        .write(damaged_bytes.data(), static_cast<std::streamsize>(damaged_bytes.size()));
    std::optional<SessionRecord> image;
    try {
      image = readSessionImage(bad);  // must not crash, whatever the bytes
    } catch (const StoreError& e) {
      // A file that contradicts itself: one line naming it and the damage.
      EXPECT_NE(std::string(e.what()).find("bad.h5: cannot read the session (damaged: "),
                std::string::npos)
          << e.what();
      ++damaged;
      continue;
    }
    if (!image) {  // what the library says in its own words: a record or a StoreError
      ++to_library;
      try {
        (void)readSessionFile(bad, SessionParts::ForAnalysis);
      } catch (const StoreError&) {
      }
      continue;
    }
    ++image_read;
    try {
      expectSameRecord(*image, readSessionThroughLibrary(bad, SessionParts::ForAnalysis));
      ++same;
    } catch (const StoreError&) {
      ++library_refused;
    }
  }
  // Most damage is to samples, which deflate's checksum catches, or to metadata, which the
  // object headers' checksums catch. What the image reader read, the library read the same.
  EXPECT_GT(same, 0);
  EXPECT_GT(damaged, 300);
  std::printf("damaged files: %d read without the library (%d the same by the library, %d refused "
              "by it), %d refused as damaged, %d handed to the library\n",
              image_read, same, library_refused, damaged, to_library);
  fs::remove_all(dir);
}

}  // namespace
