// The bridge from the engine's drain thread to the journal, tested without an engine: frames
// and events handed to the recorder are in the journal, calibrated, after a flush.

#include "holdfast/recording/TrialRecorder.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "holdfast/store/SessionJournal.h"

using namespace holdfast;
namespace fs = std::filesystem;

TEST(TrialRecorder, JournalsEveryFrameCalibratedAndEveryEvent) {
  const fs::path dir =
      fs::temp_directory_path() / ("holdfast-recorder-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path session = dir / "s.h5";
  store::SessionInfo info;
  info.patient_id = "P-1";
  store::TrialInfo trial;
  trial.side = "left";
  trial.protocol = "csv";
  {
    store::SessionJournalWriter journal(session, info, trial);
    recording::RecordingOptions options;
    holdfast::wire::DeviceCalibration stored;
    holdfast::wire::ChannelCalibration c;
    c.raw_unit = "counts";
    c.offset = 100.0;
    c.scale = 0.5;
    stored.channels = {c};
    options.stored = stored;
    recording::TrialRecorder recorder(journal, options, std::chrono::milliseconds(1));
    recorder.setTrialInfo(trial);
    const std::vector<wire::ChannelInfo> channels{{"ch1", "counts", true}};
    recorder.deviceDescribed("FW 2.0.1", 4010);  // what the device said in its dialogue
    recorder.beginRecording(channels);
    ASSERT_TRUE(recorder.plan().has_value());
    std::vector<wire::Frame> frames(2500);
    for (std::size_t i = 0; i < frames.size(); ++i) {
      frames[i].sequence = i;
      frames[i].time_s = frames[i].device_time_s = static_cast<double>(i) / 1000.0;
      frames[i].host_time_ns = static_cast<std::int64_t>(i) * 1000000;
      frames[i].channel_count = 1;
      frames[i].values[0] = 100.0 + 2.0 * static_cast<double>(i % 500);
    }
    recorder.appendFrames(std::span(frames).first(1000));
    wire::AcquisitionEvent gap;
    gap.kind = wire::EventKind::Gap;
    gap.value = 3;
    gap.sample_index = 1000;
    recorder.appendEvent(gap);
    // The go, given on another thread (the station's), is journaled by the next flush.
    std::thread station([&recorder] { recorder.noteCue(0.75); });
    station.join();
    recorder.appendFrames(std::span(frames).subspan(1000));
    recorder.flush();
    EXPECT_EQ(recorder.samples(), 2500u);
  }
  const store::JournalContents j = store::readJournal(store::journalPathFor(session));
  EXPECT_TRUE(j.has_layout);
  // In the layout record: a trial cut short keeps what the device said about itself.
  EXPECT_EQ(j.trial.device_firmware, "FW 2.0.1");
  EXPECT_EQ(j.trial.device_battery_mv, 4010.0);
  EXPECT_FALSE(j.finished);  // the run (TrialRun) finishes it, not the recorder
  // A trial cut before its final record keeps its go (kill -9 lost it before).
  EXPECT_EQ(j.trial.cue_host_time_s, 0.75);
  EXPECT_EQ(j.session.patient_id, "P-1");
  ASSERT_EQ(j.record.time_s.size(), 2500u);
  ASSERT_EQ(j.record.channels.size(), 1u);
  for (std::size_t i = 0; i < 2500; ++i) {
    ASSERT_DOUBLE_EQ(j.record.channels[0][i], static_cast<double>(i % 500)) << i;  // (raw-100)*0.5
    ASSERT_DOUBLE_EQ(j.record.raw.at(0)[i], 100.0 + 2.0 * static_cast<double>(i % 500)) << i;
  }
  ASSERT_EQ(j.record.events.size(), 1u);
  EXPECT_EQ(j.record.events[0].kind, "gap");
  EXPECT_EQ(j.record.events[0].value, 3);
  EXPECT_EQ(j.record.events[0].sample_index, 1000);
  fs::remove_all(dir);
}
