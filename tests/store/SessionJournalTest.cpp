// The journal keeps every whole record through any crash: cut anywhere, corrupted anywhere or
// stopped by a full disk, it reads back as an exact prefix of what was written.

#include <H5Cpp.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "holdfast/store/IsoTime.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/store/SessionFileWriter.h"
#include "holdfast/store/SessionJournal.h"
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

class SessionJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("holdfast-journal-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    session_ = dir_ / "s.h5";
  }
  void TearDown() override { fs::remove_all(dir_); }

  static SessionInfo info() {
    SessionInfo s;
    s.patient_id = "HF-TEST0001";
    s.test = "isometric-mvc";
    s.sex = "female";
    s.age_years = 27;
    s.software_version = "test";
    s.created_utc = "2026-11-24T10:00:00.000Z";
    return s;
  }
  static TrialInfo trial() {
    TrialInfo t;
    t.side = "both";
    t.protocol = "holdfast-binary";
    t.port = "/dev/ttyUSB0";
    t.started_utc = "2026-11-24T10:00:01.000Z";
    t.device_serial = "SN1";
    t.device_model = "model";
    return t;
  }
  static TrialInfo layout() {
    TrialInfo t = trial();
    t.channel_names = {"left_n", "right_n"};
    t.raw_channel_names = {"c1", "c2", "c3"};
    t.raw_units = {"count", "count", "count"};
    t.calibration_json = "{}";
    t.layout = "test";
    t.cop_names = {"x"};
    return t;
  }

  /// Block b of m rows: every value encodes (row, column) so a prefix can be checked exactly.
  static void appendBlock(SessionJournalWriter& w, std::size_t first, std::size_t m) {
    std::vector<double> t, h, d, f, r, c;
    for (std::size_t i = first; i < first + m; ++i) {
      const double x = static_cast<double>(i);
      t.push_back(x * 0.001);
      h.push_back(x * 0.001 + 0.0002);
      d.push_back(x * 0.001);
      f.push_back(x);
      f.push_back(-x);
      for (int k = 0; k < 3; ++k) r.push_back(x * 10 + k);
      c.push_back(x / 2);
    }
    w.appendAcquired({t, h, d, f, 2, r, 3, c, 1});
  }

  /// Writes `blocks` blocks of 100 rows and two events, synced; optionally the final record.
  void writeJournal(std::size_t blocks, bool finish) {
    SessionJournalWriter w(session_, info(), trial());
    w.writeLayout(layout());
    for (std::size_t b = 0; b < blocks; ++b) {
      appendBlock(w, b * 100, 100);
      if (b == 1) w.appendEvent({150, 0.15, "gap", 3, ""});
      w.writeCounters({{"samples", static_cast<std::int64_t>((b + 1) * 100)}});
      w.sync();
    }
    if (finish) {
      TrialInfo end = layout();
      end.ended_utc = "2026-11-24T10:00:05.000Z";
      end.stop_reason = "duration";
      end.measured_rate_hz = 1000;
      w.finish(end, {{"samples", static_cast<std::int64_t>(blocks * 100)}, {"gaps", 1}});
    }
  }

  static void expectPrefix(const TrialRecord& r) {
    if (r.time_s.empty()) return;
    ASSERT_EQ(r.channels.size(), 2u);
    ASSERT_EQ(r.raw.size(), 3u);
    ASSERT_EQ(r.cop_mm.size(), 1u);
    for (std::size_t i = 0; i < r.time_s.size(); ++i) {
      const double x = static_cast<double>(i);
      ASSERT_EQ(r.time_s[i], x * 0.001);
      ASSERT_EQ(r.channels[0][i], x);
      ASSERT_EQ(r.channels[1][i], -x);
      ASSERT_EQ(r.raw[2][i], x * 10 + 2);
      ASSERT_EQ(r.cop_mm[0][i], x / 2);
    }
  }

  /// A finished journal of a one-channel device that sends newtons (raw = force), at 1 kHz,
  /// without a clock of its own (device time = trial time = arrival time).
  void writeNewtonsJournal(const std::vector<double>& newtons) {
    SessionJournalWriter w(session_, info(), trial());
    TrialInfo l = layout();
    l.raw_channel_names = {"force"};
    l.raw_units = {"N"};
    l.channel_names = {"force_n"};
    l.cop_names.clear();
    w.writeLayout(l);
    std::vector<double> t;
    for (std::size_t i = 0; i < newtons.size(); ++i) t.push_back(static_cast<double>(i) * 0.001);
    w.appendAcquired({t, t, t, newtons, 1, newtons, 1, {}, 0});
    w.finish(l, {});
  }
  std::vector<char> bytes() const {
    std::ifstream in(journalPathFor(session_), std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  void writeBytes(const std::vector<char>& b) const {
    std::ofstream out(journalPathFor(session_), std::ios::binary | std::ios::trunc);
    out.write(b.data(), static_cast<std::streamsize>(b.size()));
  }

  fs::path dir_, session_;
};

TEST_F(SessionJournalTest, AFinishedJournalBuildsTheSessionAndIsRemoved) {
  writeJournal(5, true);
  const JournalContents j = readJournal(journalPathFor(session_));
  EXPECT_TRUE(j.finished);
  EXPECT_EQ(j.record.time_s.size(), 500u);
  EXPECT_TRUE(j.tail_problem.empty());

  const RecoveryReport r = buildSessionFromJournal(session_);
  EXPECT_EQ(r.samples, 500u);
  EXPECT_EQ(r.trial_number, 1);
  EXPECT_TRUE(r.finished);
  EXPECT_FALSE(fs::exists(journalPathFor(session_)));
  EXPECT_TRUE(temporaries(session_).empty());

  const SessionRecord s = readSessionFile(session_);
  EXPECT_EQ(s.info.patient_id, "HF-TEST0001");
  EXPECT_EQ(s.info.sex, "female");
  EXPECT_EQ(s.info.age_years, 27);
  ASSERT_EQ(s.trials.size(), 1u);
  const TrialRecord& t = s.trials[0];
  EXPECT_EQ(t.info.stop_reason, "duration");
  EXPECT_EQ(t.info.channel_names, (std::vector<std::string>{"left_n", "right_n"}));
  EXPECT_EQ(t.info.device_model, "model");
  EXPECT_TRUE(t.info.recovery_note.empty());
  EXPECT_EQ(t.time_s.size(), 500u);
  expectPrefix(t);
  ASSERT_EQ(t.events.size(), 1u);
  EXPECT_EQ(t.events[0].kind, "gap");
  EXPECT_EQ(t.events[0].sample_index, 150);
}

TEST_F(SessionJournalTest, AJournalCutAtAnyByteReadsBackAsAPrefixOfWholeBlocks) {
  writeJournal(4, true);
  const std::vector<char> full = bytes();
  const JournalContents whole = readJournal(journalPathFor(session_));
  std::size_t header_end = 0;
  // Every cut after the session record must read; before it, a clear error.
  for (std::size_t cut = 0; cut < full.size(); cut += (cut < 2000 ? 1 : 97)) {
    writeBytes(std::vector<char>(full.begin(), full.begin() + static_cast<long>(cut)));
    try {
      const JournalContents j = readJournal(journalPathFor(session_));
      if (header_end == 0) header_end = cut;
      EXPECT_EQ(j.record.time_s.size() % 100, 0u) << "cut at " << cut;
      EXPECT_FALSE(j.finished) << "cut at " << cut;
      EXPECT_EQ(j.bytes_ignored > 0, !j.tail_problem.empty());
      expectPrefix(j.record);
    } catch (const StoreError& e) {
      EXPECT_EQ(header_end, 0u) << "cut at " << cut << " failed after a readable cut: " << e.what();
    }
  }
  EXPECT_GT(header_end, 16u);
  EXPECT_LT(header_end, 1000u);
  EXPECT_EQ(whole.record.time_s.size(), 400u);
}

// Every sample read back is one that was written, with its own value and time (the values
// encode the row), in order; none is invented.
void expectWrittenRows(const TrialRecord& r) {
  ASSERT_EQ(r.channels.size(), 2u);
  double last = -1.0;
  for (std::size_t i = 0; i < r.time_s.size(); ++i) {
    const double row = r.channels[0][i];
    ASSERT_EQ(r.time_s[i], row * 0.001) << i;
    ASSERT_EQ(r.channels[1][i], -row) << i;
    ASSERT_EQ(r.raw[2][i], row * 10 + 2) << i;
    ASSERT_GT(row, last) << i;
    last = row;
  }
}

TEST_F(SessionJournalTest, ADamagedRecordCostsOnlyItselfAndTheJournalIsKept) {
  writeJournal(6, false);
  std::vector<char> b = bytes();
  const std::size_t middle = b.size() / 2;
  b[middle] = static_cast<char>(b[middle] ^ 0x5A);
  writeBytes(b);
  const JournalContents j = readJournal(journalPathFor(session_));
  ASSERT_EQ(j.damaged.size(), 1u);
  EXPECT_LE(j.damaged[0].from_byte, middle);
  EXPECT_GT(j.damaged[0].to_byte, middle);
  EXPECT_EQ(j.record.time_s.size(), 500u);  // one block of 100 lost, the five others kept
  EXPECT_TRUE(j.tail_problem.empty()) << j.tail_problem;
  expectWrittenRows(j.record);

  // recover builds what is readable, marks the stretch and keeps the journal beside the file.
  const RecoveryReport r = buildSessionFromJournal(session_);
  EXPECT_FALSE(r.finished);
  EXPECT_EQ(r.samples, 500u);
  EXPECT_EQ(r.damaged_stretches, 1u);
  EXPECT_EQ(r.kept_journal, fs::path(journalPathFor(session_).string() + ".damaged"));
  EXPECT_TRUE(fs::exists(r.kept_journal));
  EXPECT_FALSE(fs::exists(journalPathFor(session_)));
  const SessionRecord s = readSessionFile(session_);
  ASSERT_EQ(s.trials.size(), 1u);
  EXPECT_EQ(s.trials[0].info.stop_reason, "interrupted");
  EXPECT_EQ(s.trials[0].info.channel_names, (std::vector<std::string>{"left_n", "right_n"}));
  EXPECT_FALSE(s.trials[0].info.ended_utc.empty());
  expectWrittenRows(s.trials[0]);
  std::size_t damage_events = 0;
  for (const TrialEvent& e : s.trials[0].events) {
    if (e.kind != "journal_damage") continue;
    ++damage_events;
    EXPECT_EQ(e.value, static_cast<std::int64_t>(j.damaged[0].to_byte - j.damaged[0].from_byte));
    EXPECT_EQ(e.sample_index, static_cast<std::int64_t>(j.damaged[0].samples_before));
  }
  EXPECT_EQ(damage_events, 1u);
  // The counters of the last synced snapshot are kept.
  bool saw = false;
  for (const auto& [name, value] : s.trials[0].acquisition) saw |= name == "samples";
  EXPECT_TRUE(saw);
}

// For many seeded positions: a flipped byte, a flipped bit, a zeroed 4 kB block. Whatever is
// hit, every block that does not overlap the damage is read back, and nothing else.
TEST_F(SessionJournalTest, DamageAnywhereLosesOnlyTheBlocksItTouches) {
  writeJournal(40, true);
  const std::vector<char> clean = bytes();
  // Where each sample block lies in the file, from a clean read of record offsets: the blocks
  // are written in order, so block k spans [starts[k], starts[k+1]).
  std::vector<std::size_t> block_starts;
  for (std::size_t i = 0; i + 12 < clean.size(); ++i) {
    std::uint32_t magic = 0;
    std::memcpy(&magic, clean.data() + i, 4);
    if (magic == 0x4A524543u && clean[i + 4] == 3) block_starts.push_back(i);
  }
  ASSERT_EQ(block_starts.size(), 40u);
  std::mt19937 rng(20261129);
  std::size_t lost_blocks[3] = {0, 0, 0}, stretches[3] = {0, 0, 0};
  for (int round = 0; round < 60; ++round) {
    std::vector<char> b = clean;
    const std::size_t from = 2000 + rng() % (clean.size() - 6000);
    std::size_t to = from + 1;
    switch (round % 3) {
      case 0:
        b[from] = static_cast<char>(b[from] ^ static_cast<char>(1 + rng() % 255));
        break;
      case 1:
        b[from] = static_cast<char>(b[from] ^ static_cast<char>(1u << (rng() % 8)));
        break;
      default:
        to = from + 4096;
        std::fill(b.begin() + static_cast<long>(from), b.begin() + static_cast<long>(to), 0);
    }
    writeBytes(b);
    std::size_t untouched = 0;
    for (std::size_t k = 0; k < block_starts.size(); ++k) {
      const std::size_t end = k + 1 < block_starts.size() ? block_starts[k + 1] : clean.size();
      if (end <= from || block_starts[k] >= to) ++untouched;
    }
    const JournalContents j = readJournal(journalPathFor(session_));
    expectWrittenRows(j.record);
    EXPECT_GE(j.record.time_s.size(), untouched * 100) << "round " << round << " at " << from;
    EXPECT_LE(j.record.time_s.size(), 4000u);
    EXPECT_EQ(j.record.time_s.size() % 100, 0u);
    EXPECT_FALSE(j.damaged.empty() && j.record.time_s.size() < 4000u && j.tail_problem.empty())
        << "samples went missing without a damaged stretch, round " << round;
    lost_blocks[round % 3] += 40 - j.record.time_s.size() / 100;
    stretches[round % 3] += j.damaged.size();
  }
  // The figures of docs/reliability.md.
  std::printf(
      "damage in a journal of 40 blocks of 100 samples, 20 rounds each: byte flip lost %zu "
      "blocks (%zu stretches), bit flip %zu (%zu), zeroed 4 kB %zu (%zu)\n",
      lost_blocks[0], stretches[0], lost_blocks[1], stretches[1], lost_blocks[2], stretches[2]);
}

TEST_F(SessionJournalTest, AnInterruptedTrialIsAppendedToAnExistingSession) {
  writeJournal(2, true);
  buildSessionFromJournal(session_);
  writeJournal(3, false);
  const RecoveryReport r = buildSessionFromJournal(session_);
  EXPECT_EQ(r.trial_number, 2);
  const SessionRecord s = readSessionFile(session_);
  ASSERT_EQ(s.trials.size(), 2u);
  EXPECT_EQ(s.trials[0].time_s.size(), 200u);
  EXPECT_EQ(s.trials[1].time_s.size(), 300u);
  EXPECT_EQ(s.trials[1].info.stop_reason, "interrupted");
}

TEST_F(SessionJournalTest, AnInterruptedTrialKeepsItsGoAndItsPlannedDuration) {
  // A stance cut by kill -9: the go was journaled when it was given, the planned duration with
  // the trial's start. Without them the recovered stance was measured from the countdown.
  {
    TrialInfo start = trial();
    start.planned_duration_s = 30.0;
    SessionJournalWriter w(session_, info(), start);
    w.writeLayout(layout());
    appendBlock(w, 0, 100);
    w.writeCue(0.125);
    appendBlock(w, 100, 100);
    w.sync();
  }  // no final record
  const JournalContents j = readJournal(journalPathFor(session_));
  EXPECT_FALSE(j.finished);
  EXPECT_EQ(j.trial.cue_host_time_s, 0.125);
  buildSessionFromJournal(session_);
  const SessionRecord s = readSessionFile(session_);
  ASSERT_EQ(s.trials.size(), 1u);
  EXPECT_EQ(s.trials[0].info.stop_reason, "interrupted");
  EXPECT_EQ(s.trials[0].info.cue_host_time_s, 0.125);
  EXPECT_EQ(s.trials[0].info.planned_duration_s, 30.0);
  EXPECT_EQ(s.trials[0].time_s.size(), 200u);
}

TEST_F(SessionJournalTest, AnExistingJournalIsNeverOverwritten) {
  writeJournal(1, false);
  const auto before = bytes();
  try {
    SessionJournalWriter again(session_, info(), trial());
    FAIL() << "a second journal was opened over an unrecovered one";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("holdfast recover"), std::string::npos) << e.what();
  }
  EXPECT_EQ(bytes(), before);
}

TEST_F(SessionJournalTest, FilesThatAreNotJournalsGetAClearError) {
  writeBytes({'n', 'o', 't', ' ', 'a', ' ', 'j', 'o', 'u', 'r', 'n', 'a', 'l', '!', '!', '!', '!'});
  EXPECT_THROW((void)readJournal(journalPathFor(session_)), StoreError);
  EXPECT_THROW(buildSessionFromJournal(session_), StoreError);
  EXPECT_TRUE(fs::exists(journalPathFor(session_))) << "a bad journal must be left for a person";
  EXPECT_FALSE(fs::exists(session_));
}

TEST_F(SessionJournalTest, AJournalOfAnotherVersionIsRefused) {
  writeJournal(1, true);
  auto b = bytes();
  b[8] = 9;
  writeBytes(b);
  try {
    (void)readJournal(journalPathFor(session_));
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("version 9"), std::string::npos) << e.what();
  }
}

TEST_F(SessionJournalTest, RecoverWithoutAJournalSaysSo) {
  try {
    buildSessionFromJournal(session_);
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("no journal"), std::string::npos) << e.what();
  }
}

// A full disk: the file-size limit makes write() fail with EFBIG part-way through a record,
// as ENOSPC would. The writer cuts the torn record off; everything synced before is intact.
TEST_F(SessionJournalTest, ADiskThatFillsUpKeepsEverySyncedBlock) {
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit{60000, 60000};
    setrlimit(RLIMIT_FSIZE, &limit);
    int code = 3;
    try {
      SessionJournalWriter w(session_, info(), trial());
      w.writeLayout(layout());
      for (std::size_t b = 0; b < 1000; ++b) {
        appendBlock(w, b * 100, 100);
        w.sync();
      }
    } catch (const StoreError& e) {
      code = std::string(e.what()).find("disk full") != std::string::npos ? 0 : 4;
    }
    _exit(code);
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0) << "the writer did not report a full disk";
  EXPECT_LE(fs::file_size(journalPathFor(session_)), 60000u);
  const JournalContents j = readJournal(journalPathFor(session_));
  EXPECT_TRUE(j.tail_problem.empty()) << "the torn record was not cut off: " << j.tail_problem;
  EXPECT_GE(j.record.time_s.size(), 100u);
  expectPrefix(j.record);
  const RecoveryReport r = buildSessionFromJournal(session_);
  EXPECT_EQ(r.samples, j.record.time_s.size());
}

TEST(IsoTime, ParsesWhatItWritesAndRejectsTheRest) {
  const auto t = parseIsoUtc("2026-11-24T10:00:01.250Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(isoUtc(*t), "2026-11-24T10:00:01.250Z");
  EXPECT_EQ(isoUtc(*parseIsoUtc("1990-02-28")), "1990-02-28T00:00:00.000Z");
  EXPECT_FALSE(parseIsoUtc("1990-02-30"));
  EXPECT_FALSE(parseIsoUtc("2026-11-24T10:00:01"));
  EXPECT_FALSE(parseIsoUtc("yesterday"));
  EXPECT_FALSE(parseIsoUtc(""));
}

}  // namespace

namespace {

// Values a text device sent with two decimals are stored to those decimals: smaller, and still
// exactly what was sent (the same text when printed with two decimals).
TEST_F(SessionJournalTest, DecimalTextValuesAreStoredToTheirDecimalsExactly) {
  std::vector<double> f;
  for (int i = 0; i < 5000; ++i) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", 14.0 + 300.0 * (i > 2000) + 0.37 * (i % 11));
    f.push_back(std::strtod(text, nullptr));
  }
  writeNewtonsJournal(f);
  (void)buildSessionFromJournal(session_);
  const TrialRecord r = readSessionFile(session_).trials.at(0);
  EXPECT_EQ(r.info.raw_decimals, 2);
  for (int i = 0; i < 5000; ++i) {
    char sent[32], raw[32], force[32];
    std::snprintf(sent, sizeof sent, "%.2f", 14.0 + 300.0 * (i > 2000) + 0.37 * (i % 11));
    std::snprintf(raw, sizeof raw, "%.2f", r.raw[0][static_cast<std::size_t>(i)]);
    std::snprintf(force, sizeof force, "%.2f", r.channels[0][static_cast<std::size_t>(i)]);
    ASSERT_STREQ(raw, sent) << i;
    ASSERT_STREQ(force, sent) << i;
    ASSERT_NEAR(r.raw[0][static_cast<std::size_t>(i)], std::strtod(sent, nullptr), 1e-9);
  }
}

/// How many names the object at `name` in `file` has, and where it is: two names for one object
/// are one stored copy (a hard link).
std::pair<unsigned, haddr_t> objectAt(const fs::path& file, const std::string& name) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  H5O_info_t info{};
  const herr_t status = H5Oget_info_by_name2(f, name.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT);
  H5Fclose(f);
  return status < 0 ? std::pair<unsigned, haddr_t>{0, HADDR_UNDEF} : std::pair{info.rc, info.addr};
}

TEST_F(SessionJournalTest, ValuesEqualToOthersAreStoredOnceUnderBothNames) {
  // Newtons sent as text, no calibration, no reconnect: raw is force_n, the device clock is the
  // trial clock. Both names read back, from one stored copy each.
  std::vector<double> f;
  for (int i = 0; i < 3000; ++i) f.push_back(std::round(1000.0 * std::sin(i * 0.01)) / 100.0);
  writeNewtonsJournal(f);
  (void)buildSessionFromJournal(session_);
  const std::string trial1 = "/trials/trial_001/";
  EXPECT_EQ(objectAt(session_, trial1 + "raw"), objectAt(session_, trial1 + "force_n"));
  EXPECT_EQ(objectAt(session_, trial1 + "raw").first, 2u);
  EXPECT_EQ(objectAt(session_, trial1 + "device_time_s"), objectAt(session_, trial1 + "time_s"));
  const TrialRecord r = readSessionFile(session_).trials.at(0);
  ASSERT_EQ(r.raw.size(), 1u);
  EXPECT_EQ(r.raw[0], r.channels[0]);
  EXPECT_EQ(r.device_time_s, r.time_s);
  for (int i = 0; i < 3000; ++i) {  // to the sent decimals (scale-offset reads back 10^-2 steps)
    ASSERT_NEAR(r.channels[0][static_cast<std::size_t>(i)],
                std::round(1000.0 * std::sin(i * 0.01)) / 100.0, 1e-9)
        << i;
  }
  // Copied into the file of an update (a trial appended), or rewritten (a trial excluded), the
  // trial keeps one copy under both names.
  writeNewtonsJournal(f);
  (void)buildSessionFromJournal(session_);
  EXPECT_EQ(objectAt(session_, trial1 + "raw"), objectAt(session_, trial1 + "force_n"));
  EXPECT_EQ(objectAt(session_, trial1 + "raw").first, 2u);
  EXPECT_EQ(objectAt(session_, "/trials/trial_002/raw").first, 2u);
  excludeTrial(session_, 1, "test");
  EXPECT_EQ(objectAt(session_, trial1 + "raw"), objectAt(session_, trial1 + "force_n"));
  const TrialRecord second = readSessionFile(session_).trials.at(1);
  ASSERT_EQ(second.raw.at(0).size(), f.size());
  EXPECT_EQ(second.raw.at(0), second.channels.at(0));
  EXPECT_NEAR(second.raw[0][2999], f[2999], 1e-9);
}

TEST_F(SessionJournalTest, ValuesThatDifferAnywhereAreStoredApart) {
  // Three raw cells make two forces: raw is stored on its own. The device clock restarts (a
  // reconnect) in the last block only: stored on its own too.
  {
    SessionJournalWriter w(session_, info(), trial());
    w.writeLayout(layout());
    appendBlock(w, 0, 100);
    std::vector<double> t, d, f, r, c;
    for (int i = 100; i < 200; ++i) {
      t.push_back(i * 0.001);
      d.push_back((i - 100) * 0.001);
      f.insert(f.end(), {1.0 * i, -1.0 * i});
      r.insert(r.end(), {10.0 * i, 10.0 * i + 1, 10.0 * i + 2});
      c.push_back(i / 2.0);
    }
    w.appendAcquired({t, t, d, f, 2, r, 3, c, 1});
    w.finish(layout(), {});
  }
  (void)buildSessionFromJournal(session_);
  const std::string trial1 = "/trials/trial_001/";
  EXPECT_EQ(objectAt(session_, trial1 + "raw").first, 1u);
  EXPECT_EQ(objectAt(session_, trial1 + "device_time_s").first, 1u);
  EXPECT_NE(objectAt(session_, trial1 + "device_time_s"), objectAt(session_, trial1 + "time_s"));
  const TrialRecord rec = readSessionFile(session_).trials.at(0);
  ASSERT_EQ(rec.device_time_s.size(), 200u);
  EXPECT_EQ(rec.device_time_s[150], 0.05);
  EXPECT_EQ(rec.time_s[150], 0.15);
  EXPECT_EQ(rec.raw[1][150], 1501.0);
}

TEST_F(SessionJournalTest, TheCentreOfPressureIsStoredToA128thOfAMillimetre) {
  std::vector<double> cop;
  {
    SessionJournalWriter w(session_, info(), trial());
    w.writeLayout(layout());
    std::vector<double> t, f, r;
    for (int i = 0; i < 1000; ++i) {
      t.push_back(i * 0.001);
      f.insert(f.end(), {1.0 * i, -1.0 * i});
      r.insert(r.end(), {1.0 * i, 2.0 * i, 3.0 * i});
      // Sway within a plate, and no centre below the minimum load (NaN).
      cop.push_back(i % 97 == 0 ? std::nan("") : 180.0 * std::sin(i * 0.37) + 1e-5 * i);
    }
    w.appendAcquired({t, t, t, f, 2, r, 3, cop, 1});
    w.finish(layout(), {});
  }
  (void)buildSessionFromJournal(session_);
  const TrialRecord rec = readSessionFile(session_).trials.at(0);
  ASSERT_EQ(rec.cop_mm.at(0).size(), cop.size());
  for (std::size_t i = 0; i < cop.size(); ++i) {
    if (std::isnan(cop[i])) {
      ASSERT_TRUE(std::isnan(rec.cop_mm[0][i])) << i;
    } else {
      ASSERT_NEAR(rec.cop_mm[0][i], cop[i], 1.0 / 256 + 1e-12) << i;
    }
  }
}

}  // namespace

// A journal is owned by its writer while it writes: recovery leaves it alone and says who has
// it; once the writer closes it (or dies: the kernel drops the lock), it can be built.
TEST_F(SessionJournalTest, AJournalBeingWrittenIsNeverBuiltNorRemoved) {
  SessionJournalWriter w(session_, info(), trial());
  w.writeLayout(layout());
  appendBlock(w, 0, 100);
  w.sync();
  try {
    (void)buildSessionFromJournal(session_);
    FAIL() << "a journal being written was built";
  } catch (const JournalInUse& e) {
    EXPECT_EQ(e.pid(), getpid());
    EXPECT_NE(std::string(e.what()).find("being recorded by pid " + std::to_string(getpid())),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(liveJournalWriter(journalPathFor(session_)), std::optional<std::int64_t>(getpid()));
  EXPECT_TRUE(fs::exists(journalPathFor(session_)));
  EXPECT_FALSE(fs::exists(session_));
  appendBlock(w, 100, 100);  // the writer goes on undisturbed
  w.sync();
  w.close();
  EXPECT_EQ(liveJournalWriter(journalPathFor(session_)), std::nullopt);
  const RecoveryReport r = buildSessionFromJournal(session_);
  EXPECT_EQ(r.samples, 200u);
  EXPECT_EQ(readSessionFile(session_).trials.at(0).time_s.size(), 200u);
}

// Power loss during a build (kill -9 at random moments of buildSessionFromJournal, appending a
// trial to an existing session): the previous session is intact or the new one complete, never
// neither, and building again finishes the job without appending the trial twice.
TEST_F(SessionJournalTest, AKillAtAnyMomentOfTheBuildLosesNothingAndNeverDuplicates) {
  writeJournal(2, true);
  (void)buildSessionFromJournal(session_);  // trial 1: 200 samples
  writeJournal(150, true);                  // trial 2: 15000 samples, in the journal
  const fs::path before_session = dir_ / "before.h5", before_journal = dir_ / "before.journal";
  fs::copy_file(session_, before_session);
  fs::copy_file(journalPathFor(session_), before_journal);
  // How long a build takes here, to spread the kills over it.
  {
    const auto t0 = std::chrono::steady_clock::now();
    (void)buildSessionFromJournal(session_);
    const auto us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0)
            .count();
    ASSERT_GT(us, 0);
    std::mt19937 rng(7);
    int killed_before = 0, killed_after = 0, finished = 0;
    for (int round = 0; round < 25; ++round) {
      fs::remove(session_);
      removeStaleTemporaries(session_);
      fs::copy_file(before_session, session_);
      fs::copy_file(before_journal, journalPathFor(session_), fs::copy_options::overwrite_existing);
      const pid_t child = fork();
      ASSERT_GE(child, 0);
      if (child == 0) {
        try {
          (void)buildSessionFromJournal(session_);
        } catch (...) {
          _exit(1);
        }
        _exit(0);
      }
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % (3 * us + 1)));
      kill(child, SIGKILL);
      int status = 0;
      waitpid(child, &status, 0);
      if (WIFEXITED(status)) ++finished;
      // The session file is whole: the old one (1 trial) or the new one (2 trials).
      const SessionRecord s = readSessionFile(session_);
      ASSERT_TRUE(s.trials.size() == 1 || s.trials.size() == 2) << "round " << round;
      if (s.trials.size() == 1) {
        ++killed_before;
        ASSERT_TRUE(fs::exists(journalPathFor(session_))) << "round " << round;
      } else {
        ++killed_after;
        ASSERT_EQ(s.trials[1].time_s.size(), 15000u) << "round " << round;
      }
      // Whatever was left, building again finishes it, once.
      if (fs::exists(journalPathFor(session_))) {
        const RecoveryReport r = buildSessionFromJournal(session_);
        EXPECT_EQ(r.samples, 15000u);
        EXPECT_EQ(r.already_built, s.trials.size() == 2) << "round " << round;
      }
      const SessionRecord after = readSessionFile(session_);
      ASSERT_EQ(after.trials.size(), 2u) << "round " << round;
      EXPECT_EQ(after.trials[1].time_s.size(), 15000u);
      EXPECT_FALSE(fs::exists(journalPathFor(session_)));
    }
    std::printf(
        "kill -9 during the build, 25 rounds over %lld us: %d before the rename, %d after, "
        "%d finished first\n",
        static_cast<long long>(us), killed_before, killed_after - finished, finished);
  }
}

// The crash between the rename and the journal's removal, exactly: the journal of a trial that
// is already in the file is removed, and the trial is not appended a second time.
TEST_F(SessionJournalTest, AJournalAlreadyBuiltIntoTheSessionIsNotAppendedTwice) {
  writeJournal(3, true);
  const fs::path copy = dir_ / "copy.journal";
  fs::copy_file(journalPathFor(session_), copy);
  const RecoveryReport first = buildSessionFromJournal(session_);
  EXPECT_FALSE(first.already_built);
  fs::copy_file(copy, journalPathFor(session_));  // as if the removal never happened
  const RecoveryReport again = buildSessionFromJournal(session_);
  EXPECT_TRUE(again.already_built);
  EXPECT_EQ(again.trial_number, first.trial_number);
  EXPECT_EQ(again.samples, 300u);
  EXPECT_FALSE(fs::exists(journalPathFor(session_)));
  const SessionRecord s = readSessionFile(session_);
  ASSERT_EQ(s.trials.size(), 1u);
  EXPECT_FALSE(s.trials[0].info.journal_id.empty());
}

TEST_F(SessionJournalTest, AnEventsWordsTravelFromTheJournalIntoTheSessionFile) {
  {
    SessionJournalWriter w(session_, info(), trial());
    w.writeLayout(layout());
    appendBlock(w, 0, 100);
    TrialEvent failed{60, 0.06, "link_error", -1, "read_some: Input/output error (ünplugged)"};
    w.appendEvent(failed);
    w.appendEvent({80, 0.08, "gap", 2, ""});
    TrialInfo end = layout();
    end.stop_reason = "link_error";
    w.finish(end, {});
  }
  const JournalContents j = readJournal(journalPathFor(session_));
  ASSERT_EQ(j.record.events.size(), 2u);
  EXPECT_EQ(j.record.events[0].kind, "link_error");
  EXPECT_EQ(j.record.events[0].detail, "read_some: Input/output error (ünplugged)");
  EXPECT_TRUE(j.record.events[1].detail.empty());
  (void)buildSessionFromJournal(session_);
  const SessionRecord s = readSessionFile(session_);
  ASSERT_EQ(s.trials.size(), 1u);
  ASSERT_EQ(s.trials[0].events.size(), 2u);
  EXPECT_EQ(s.trials[0].events[0].kind, "link_error");
  EXPECT_EQ(s.trials[0].events[0].value, -1);
  EXPECT_EQ(s.trials[0].events[0].detail, "read_some: Input/output error (ünplugged)");
  EXPECT_EQ(s.trials[0].events[1].kind, "gap");
  EXPECT_TRUE(s.trials[0].events[1].detail.empty());
}

TEST_F(SessionJournalTest, EventsOfFilesWrittenBeforeTheDetailColumnStillRead) {
  writeJournal(2, true);
  (void)buildSessionFromJournal(session_);
  {
    // Rewrite the events the way files before the detail column had them.
    struct OldRow {
      std::int64_t sample_index;
      double host_time_s;
      char kind[24];
      std::int64_t value;
    };
    H5::CompType old(sizeof(OldRow));
    old.insertMember("sample_index", HOFFSET(OldRow, sample_index), H5::PredType::NATIVE_INT64);
    old.insertMember("host_time_s", HOFFSET(OldRow, host_time_s), H5::PredType::NATIVE_DOUBLE);
    old.insertMember("kind", HOFFSET(OldRow, kind), H5::StrType(H5::PredType::C_S1, 24));
    old.insertMember("value", HOFFSET(OldRow, value), H5::PredType::NATIVE_INT64);
    H5::H5File f(session_.string(), H5F_ACC_RDWR);
    H5::Group g = f.openGroup("/trials/trial_001");
    g.unlink("events");
    hsize_t one = 1;
    H5::DataSet ds = g.createDataSet("events", old, H5::DataSpace(1, &one));
    OldRow row{150, 0.15, "gap", 3};
    ds.write(&row, old);
  }
  const SessionRecord s = readSessionFile(session_);
  ASSERT_EQ(s.trials[0].events.size(), 1u);
  EXPECT_EQ(s.trials[0].events[0].kind, "gap");
  EXPECT_EQ(s.trials[0].events[0].value, 3);
  EXPECT_TRUE(s.trials[0].events[0].detail.empty());
}

TEST_F(SessionJournalTest, SamplesTheDeviceTookBeforeTheStartAreLeftOutAndCounted) {
  // A device that streamed for 3 s while nobody read, its output queued: 3000 samples arrive
  // in a burst in the first 4 ms, then 2000 come in real time (0.5 ms after they were taken).
  {
    SessionJournalWriter w(session_, info(), trial());
    w.writeLayout(layout());
    std::vector<double> t, h, d, f, r, c;
    for (std::size_t i = 0; i < 5000; ++i) {
      const double device = static_cast<double>(i) * 0.001;
      t.push_back(device);
      d.push_back(device);
      h.push_back(i < 3000 ? 0.001 + 0.000001 * static_cast<double>(i) : device - 3.0 + 0.0005);
      f.push_back(700.0);
      f.push_back(700.0);
      for (int k = 0; k < 3; ++k) r.push_back(1000.0);
      c.push_back(0.0);
    }
    w.appendAcquired({t, h, d, f, 2, r, 3, c, 1});
    w.appendEvent({4000, 1.0, "trigger", 1, ""});
    TrialInfo end = layout();
    end.stop_reason = "duration";
    w.finish(end, {{"samples", 5000}});
  }
  (void)buildSessionFromJournal(session_);

  const TrialRecord trial = readSessionFile(session_).trials.at(0);
  // The device clock read 3.0 s at the start (the least-delayed arrival, less its 0.5 ms):
  // every sample older than that, beyond 20 ms of read jitter, is not the trial's.
  const std::size_t kept = trial.time_s.size();
  EXPECT_EQ(kept, 2020u);
  EXPECT_NEAR(trial.device_time_s.front(), 2.980, 1e-9);
  std::int64_t discarded = -1;
  for (const auto& [name, value] : trial.acquisition)
    if (name == "pre_start_samples_discarded") discarded = value;
  EXPECT_EQ(discarded, 2980) << "left out, and counted";
  ASSERT_EQ(trial.events.size(), 1u);
  EXPECT_EQ(trial.events[0].sample_index, 4000 - 2980) << "events keep their sample";
}
