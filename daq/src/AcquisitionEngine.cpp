#include "holdfast/daq/AcquisitionEngine.h"

#include <pthread.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/serial_port.hpp>
#include <boost/asio/steady_timer.hpp>
#include <mutex>
#include <thread>

#include "holdfast/daq/SampleGapDetector.h"
#include "holdfast/daq/SpscRing.h"

namespace holdfast::daq {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

struct AcquisitionEngine::Impl {
  Impl(AcquisitionConfig c, RecordingSink& s)
      : config(std::move(c)),
        sink(s),
        parser(config.text),
        frames(config.ring_capacity),
        events(1024),
        port(io),
        watchdog(io),
        work(asio::make_work_guard(io)) {}

  AcquisitionConfig config;
  RecordingSink& sink;
  AcquisitionStats stats;
  DelimitedTextParser parser;      // acquisition thread only
  SampleGapDetector gap_detector;  // acquisition thread only
  SpscRing<Frame> frames;
  SpscRing<AcquisitionEvent> events;
  std::vector<Frame> parsed;  // acquisition thread scratch
  std::vector<char> read_buffer = std::vector<char>(16 * 1024);
  std::uint64_t next_sequence = 0;
  Clock::time_point start_time;
  Clock::time_point last_bytes_time;
  bool stalled = false;

  asio::io_context io;
  asio::serial_port port;
  asio::steady_timer watchdog;
  asio::executor_work_guard<asio::io_context::executor_type> work;

  std::thread acquisition_thread;
  std::thread drain_thread;
  std::atomic<bool> link_ended{false};
  std::atomic<bool> draining_done{false};
  std::atomic<bool> stop_drain{false};
  bool started = false;
  bool stopped = false;

  mutable std::mutex info_mutex;  // guards the two fields below
  std::vector<std::string> channel_names;
  std::optional<std::string> sink_error;

  std::int64_t nowNs() const {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start_time).count();
  }

  void pushEvent(EventKind kind, std::int64_t value) {
    AcquisitionEvent e{nowNs(), next_sequence, kind, value};
    if (!events.tryPush(e)) stats.events_lost.fetch_add(1, std::memory_order_relaxed);
  }

  void armRead() {
    port.async_read_some(asio::buffer(read_buffer), [this](const boost::system::error_code& ec,
                                                           std::size_t n) { onRead(ec, n); });
  }

  void armWatchdog() {
    watchdog.expires_after(config.stall_timeout);
    watchdog.async_wait([this](const boost::system::error_code& ec) {
      if (ec || link_ended.load()) return;  // cancelled: data arrived or we are closing
      if (!stalled) {
        stalled = true;
        stats.stalls.fetch_add(1, std::memory_order_relaxed);
        pushEvent(EventKind::Stall, config.stall_timeout.count());
      }
      armWatchdog();
    });
  }

  void onRead(const boost::system::error_code& ec, std::size_t n) {
    if (ec == asio::error::operation_aborted) return;  // our own close
    if (ec) {
      // EOF or EIO: the other end went away (unplug; a pty whose master closed).
      const bool closed = ec == asio::error::eof || ec.value() == EIO;
      if (!closed) stats.link_errors.fetch_add(1, std::memory_order_relaxed);
      pushEvent(closed ? EventKind::LinkClosed : EventKind::LinkError, ec.value());
      endLink();
      return;
    }
    const std::int64_t t = nowNs();
    const Clock::time_point now = Clock::now();
    if (stalled) {
      stalled = false;
      pushEvent(
          EventKind::StallEnded,
          std::chrono::duration_cast<std::chrono::milliseconds>(now - last_bytes_time).count());
    }
    last_bytes_time = now;
    stats.bytes_received.fetch_add(n, std::memory_order_relaxed);
    parsed.clear();
    parser.feed(std::span<const char>(read_buffer.data(), n), t, parsed);
    publish();
    watchdog.cancel();
    armWatchdog();
    armRead();
  }

  /// Numbers, checks and pushes the frames just parsed.
  void publish() {
    for (Frame& f : parsed) {
      f.sequence = next_sequence++;
      if (auto finding = gap_detector.next(f.device_time_s)) {
        AcquisitionEvent e{
            f.host_time_ns, f.sequence,
            finding->kind == GapFinding::Kind::Gap ? EventKind::Gap : EventKind::TimeReversal,
            finding->value};
        if (finding->kind == GapFinding::Kind::Gap) {
          stats.gaps.fetch_add(1, std::memory_order_relaxed);
          stats.missing_samples.fetch_add(static_cast<std::uint64_t>(finding->value),
                                          std::memory_order_relaxed);
        } else {
          stats.time_reversals.fetch_add(1, std::memory_order_relaxed);
        }
        if (!events.tryPush(e)) stats.events_lost.fetch_add(1, std::memory_order_relaxed);
      }
    }
    const std::size_t pushed = frames.pushBulk(parsed);
    stats.samples.fetch_add(pushed, std::memory_order_relaxed);
    if (pushed < parsed.size()) {
      const std::size_t lost = parsed.size() - pushed;
      stats.ring_overflows.fetch_add(lost, std::memory_order_relaxed);
      AcquisitionEvent e{nowNs(), parsed[pushed].sequence, EventKind::RingOverflow,
                         static_cast<std::int64_t>(lost)};
      if (!events.tryPush(e)) stats.events_lost.fetch_add(1, std::memory_order_relaxed);
    }
    copyParserCounters();
  }

  void copyParserCounters() {
    const auto& c = parser.counters();
    stats.header_lines.store(c.header_lines, std::memory_order_relaxed);
    stats.malformed_lines.store(c.malformed_lines, std::memory_order_relaxed);
    stats.channel_mismatches.store(c.channel_mismatches, std::memory_order_relaxed);
    stats.overlong_lines.store(c.overlong_lines, std::memory_order_relaxed);
    stats.truncated_lines.store(c.truncated_lines, std::memory_order_relaxed);
  }

  /// Runs on the acquisition thread: the stream is over (closed by the device or by us).
  void endLink() {
    if (link_ended.exchange(true)) return;
    boost::system::error_code ignored;
    watchdog.cancel();
    port.cancel(ignored);
    port.close(ignored);
    parser.finish();
    copyParserCounters();
    std::lock_guard lock(info_mutex);
    channel_names = parser.channelNames();
  }

  void runAcquisition() {
    pthread_setname_np(pthread_self(), "hf-acq");
    // One named thread runs the io_context; a throwing handler is recorded, never fatal
    // (liblsl does the same with its io threads).
    while (true) {
      try {
        io.run();
        return;
      } catch (const std::exception&) {
        stats.link_errors.fetch_add(1, std::memory_order_relaxed);
        pushEvent(EventKind::LinkError, -1);
        endLink();
      }
    }
  }

  void runDrain() {
    pthread_setname_np(pthread_self(), "hf-drain");
    std::vector<Frame> batch(4096);
    bool failed = false;
    while (true) {
      const bool last_round = stop_drain.load(std::memory_order_acquire);
      std::size_t moved = 0;
      try {
        AcquisitionEvent e;
        while (events.tryPop(e)) {
          if (!failed) sink.appendEvent(e);
          ++moved;
        }
        std::size_t n;
        while ((n = frames.popBulk(batch)) > 0) {
          if (!failed) sink.appendFrames(std::span<const Frame>(batch.data(), n));
          moved += n;
        }
      } catch (const std::exception& ex) {
        failed = true;
        std::lock_guard lock(info_mutex);
        sink_error = ex.what();
      }
      if (last_round && moved == 0) break;
      if (moved == 0) std::this_thread::sleep_for(config.drain_interval);
    }
    draining_done.store(true);
  }
};

AcquisitionEngine::AcquisitionEngine(AcquisitionConfig config, RecordingSink& sink)
    : impl_(std::make_unique<Impl>(std::move(config), sink)) {}

AcquisitionEngine::~AcquisitionEngine() { stop(); }

void AcquisitionEngine::start() {
  Impl& d = *impl_;
  if (d.started) throw DaqError("acquisition already started");
  boost::system::error_code ec;
  d.port.open(d.config.port, ec);
  if (ec) throw DaqError("cannot open " + d.config.port + ": " + ec.message());
  using sp = asio::serial_port_base;
  d.port.set_option(sp::baud_rate(d.config.baud_rate), ec);
  if (!ec) d.port.set_option(sp::character_size(8), ec);
  if (!ec) d.port.set_option(sp::parity(sp::parity::none), ec);
  if (!ec) d.port.set_option(sp::stop_bits(sp::stop_bits::one), ec);
  if (!ec) d.port.set_option(sp::flow_control(sp::flow_control::none), ec);
  if (ec) {
    d.port.close(ec);
    throw DaqError("cannot configure " + d.config.port + ": " + ec.message());
  }
  d.start_time = Clock::now();
  d.last_bytes_time = d.start_time;
  d.parsed.reserve(d.read_buffer.size());
  d.started = true;
  d.armRead();
  d.armWatchdog();
  d.drain_thread = std::thread([&d] { d.runDrain(); });
  d.acquisition_thread = std::thread([&d] { d.runAcquisition(); });
}

void AcquisitionEngine::stop() {
  Impl& d = *impl_;
  if (!d.started || d.stopped) return;
  d.stopped = true;
  asio::post(d.io, [&d] {
    if (!d.link_ended.load()) d.pushEvent(EventKind::StopRequested, 0);
    d.endLink();
    d.work.reset();
  });
  d.acquisition_thread.join();
  d.stop_drain.store(true, std::memory_order_release);
  d.drain_thread.join();
}

bool AcquisitionEngine::linkEnded() const { return impl_->link_ended.load(); }

std::optional<std::string> AcquisitionEngine::sinkError() const {
  std::lock_guard lock(impl_->info_mutex);
  return impl_->sink_error;
}

const AcquisitionStats& AcquisitionEngine::stats() const { return impl_->stats; }

std::vector<std::string> AcquisitionEngine::channelNames() const {
  std::lock_guard lock(impl_->info_mutex);
  return impl_->channel_names;
}

}  // namespace holdfast::daq
