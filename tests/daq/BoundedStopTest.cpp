// stop() ends in bounded time whatever hangs: a sink that never returns (a disk that does not
// answer), a device that never confirms the end of its capture, a device that says nothing.
// Boundedness is shown without timing: stop() returns while the sink is still blocked.

#include <fcntl.h>
#include <gtest/gtest.h>

#include <cerrno>

#include <atomic>
#include <condition_variable>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include "PtyTestSupport.h"
#include "holdfast/daq/AcquisitionEngine.h"

using namespace holdfast::daq;
using namespace holdfast::wire;
using namespace holdfast::daq::testing;

namespace {

/// Blocks inside its first appendFrames until released, like a write to a hung disk.
class HangingSink : public RecordingSink {
 public:
  explicit HangingSink(std::shared_ptr<std::atomic<bool>> destroyed)
      : destroyed_(std::move(destroyed)) {}
  ~HangingSink() override { destroyed_->store(true); }

  void appendFrames(std::span<const Frame>) override {
    calls.fetch_add(1);
    std::unique_lock lock(mutex_);
    blocked = true;
    released_cv_.wait(lock, [this] { return released_; });
    blocked = false;
  }
  void appendEvent(const AcquisitionEvent&) override {}

  void release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    released_cv_.notify_all();
  }
  [[nodiscard]] bool isBlocked() {
    std::lock_guard lock(mutex_);
    return blocked;
  }

  std::atomic<int> calls{0};

 private:
  std::shared_ptr<std::atomic<bool>> destroyed_;
  std::mutex mutex_;
  std::condition_variable released_cv_;
  bool released_ = false;
  bool blocked = false;
};

/// Writes CSV samples into the device end until told to stop.
class StreamingDevice {
 public:
  explicit StreamingDevice(const RawDevice& device) : device_(device) {
    // Non-blocking: once the engine has let go of the port nobody reads, and the pty fills up.
    fcntl(device_.master, F_SETFL, fcntl(device_.master, F_GETFL) | O_NONBLOCK);
    thread_ = std::thread([this] {
      for (int i = 0; !stop_.load(); ++i) {
        const std::string line = std::to_string(i * 0.001) + "," + std::to_string(i % 100) + "\n";
        if (write(device_.master, line.data(), line.size()) < 0 && errno != EAGAIN) return;
        if (i % 10 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    });
  }
  ~StreamingDevice() {
    stop_.store(true);
    thread_.join();
  }

 private:
  const RawDevice& device_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace

TEST(BoundedStop, ASinkThatHangsDoesNotHoldStopAndLivesUntilItReturns) {
  RawDevice device;
  auto destroyed = std::make_shared<std::atomic<bool>>(false);
  auto sink = std::make_shared<HangingSink>(destroyed);
  std::weak_ptr<HangingSink> watch = sink;
  AcquisitionConfig ac;
  ac.port = device.path;
  ac.stop_limit = std::chrono::milliseconds(300);
  StopReport report;
  {
    AcquisitionEngine engine(ac, sink);
    engine.start();
    StreamingDevice streaming(device);
    ASSERT_TRUE(waitFor([&] { return sink->isBlocked(); })) << "the sink was never called";
    report = engine.stop();
    std::cout << "stop with a hung sink took " << report.took.count() << " ms (limit "
              << ac.stop_limit.count() << " ms)\n";
    // stop() came back while the sink is still inside its write: it did not wait for it.
    EXPECT_TRUE(sink->isBlocked());
    EXPECT_TRUE(report.sink_hung);
    EXPECT_FALSE(report.acquisition_hung);
    EXPECT_FALSE(report.complete());
    ASSERT_TRUE(engine.sinkError().has_value());
    EXPECT_NE(engine.sinkError()->find("did not take the last samples"), std::string::npos);
    // Frames that reached the engine but never the sink are counted, not lost silently.
    EXPECT_GT(engine.stats().samples.load(), 0u);
    EXPECT_EQ(engine.stop().sink_hung, true);  // a second call returns the same report
  }
  // The engine is gone, yet the sink its drain is inside is still alive.
  sink.reset();
  EXPECT_FALSE(destroyed->load());
  watch.lock()->release();
  // Once its call returns, the abandoned drain never calls it again and lets it go.
  ASSERT_TRUE(waitFor([&] { return destroyed->load(); })) << "the sink was never released";
}

TEST(BoundedStop, ADeviceThatNeverConfirmsTheEndOfItsCaptureStopsWithinTheReplyTimeout) {
  // A Chronojump force sensor answers "end_capture" with "Capture ended:"; this one hangs
  // mid-stream and says nothing at all.
  RawDevice device;
  VectorSink sink;
  AcquisitionConfig ac;
  ac.port = device.path;
  ac.protocol = Protocol::Chronojump;
  ac.stop_reply_timeout = std::chrono::milliseconds(200);
  ac.stop_limit = std::chrono::milliseconds(2000);
  AcquisitionEngine engine(ac, sink);
  engine.start();
  device.send("Starting capture\n1000;10.5\n2000;11.0\n3000;11.5\n");
  ASSERT_TRUE(waitFor([&] { return engine.stats().samples.load() >= 3; }));
  const StopReport report = engine.stop();
  std::cout << "stop with a device that never confirms took " << report.took.count()
            << " ms (reply timeout " << ac.stop_reply_timeout.count() << " ms)\n";
  EXPECT_TRUE(report.complete());
  EXPECT_EQ(sink.frames.size(), 3u);
  EXPECT_EQ(sink.count(EventKind::StopRequested), 1u);
  EXPECT_TRUE(engine.linkEnded());
}

TEST(BoundedStop, AnEngineWhoseDeviceNeverSentAByteStopsCleanly) {
  RawDevice device;
  VectorSink sink;
  AcquisitionConfig ac;
  ac.port = device.path;
  AcquisitionEngine engine(ac, sink);
  engine.start();
  const StopReport report = engine.stop();
  EXPECT_TRUE(report.complete());
  EXPECT_TRUE(sink.frames.empty());
  EXPECT_EQ(sink.count(EventKind::StopRequested), 1u);
}
