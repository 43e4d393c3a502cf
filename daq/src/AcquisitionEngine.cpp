#include "holdfast/daq/AcquisitionEngine.h"

#include <pthread.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <deque>
#include <future>
#include <mutex>
#include <random>
#include <thread>

#include "DeviceTransport.h"
#include "holdfast/daq/SampleGapDetector.h"
#include "holdfast/wire/BleDeviceProtocol.h"

namespace holdfast::daq {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

namespace {

void nameThisThread(const std::string& name) {
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

wire::BleProtocolChoice bleChoice(const AcquisitionConfig& c) {
  return {c.ble_service, c.protocol, c.text};
}

std::unique_ptr<wire::StreamParser> parserFor(const AcquisitionConfig& c) {
  return c.link ? wire::makeBleParser(bleChoice(c)) : wire::makeParser(c.protocol, c.text);
}

wire::ProtocolDialogue dialogueOf(const AcquisitionConfig& c) {
  return c.link ? wire::bleDialogueFor(bleChoice(c)) : wire::dialogueFor(c.protocol);
}

}  // namespace

struct AcquisitionEngine::Impl {
  enum class State { Idle, Streaming, Stopping, Backoff, Ended };
  /// The value of a link_error event whose words are in event_details (an errno is >= 0).
  static constexpr std::int64_t kDescribedValue = -1;

  Impl(AcquisitionConfig c, std::shared_ptr<RecordingSink> s, bool shared)
      : config(std::move(c)),
        sink(std::move(s)),
        sink_is_shared(shared),
        parser(parserFor(config)),
        dialogue(dialogueOf(config)),
        frames(config.ring_capacity),
        display(config.display_capacity),
        events(4096),
        transport(config.link ? detail::makeLinkTransport(io, config)
                              : detail::makeSerialTransport(io, config)),
        watchdog(io),
        backoff_timer(io),
        poll_timer(io),
        stop_timer(io),
        work(asio::make_work_guard(io)),
        jitter(std::random_device{}()) {}

  AcquisitionConfig config;
  std::shared_ptr<RecordingSink> sink;
  const bool sink_is_shared;  ///< false: the caller owns it; stop() must wait for the drain
  AcquisitionStats stats;
  std::unique_ptr<wire::StreamParser> parser;  // acquisition thread only
  wire::ProtocolDialogue dialogue;
  SampleGapDetector gap_detector;  // acquisition thread only
  SpscRing<wire::Frame> frames;
  SpscRing<wire::Frame> display;
  SpscRing<wire::AcquisitionEvent> events;
  wire::ParseOutput parsed;  // acquisition thread scratch
  std::uint64_t next_sequence = 0;
  Clock::time_point start_time;
  Clock::time_point last_bytes_time;
  bool stalled = false;
  bool channels_published = false;

  // Trial clock across segments (see Frame::time_s).
  bool new_segment = false;
  double segment_offset_s = 0.0;
  double last_time_s = 0.0;
  std::int64_t last_host_ns = 0;
  bool have_last = false;
  // Streamed time without the holes of reconnects.
  bool segment_started = false;
  double segment_start_s = 0.0;
  double streamed_in_segment_s = 0.0;
  double streamed_before_segment_s = 0.0;
  std::uint64_t intervals_before_segment = 0;  // sample intervals within segments, all so far
  // Rate over the last second.
  double rate_window_start_s = 0.0;
  std::uint64_t rate_window_samples = 0;
  bool rate_window_open = false;

  // Polling (Mark-10).
  bool poll_outstanding = false;
  Clock::time_point poll_sent_at;
  std::uint64_t answers_at_poll = 0;

  // Reconnect.
  State state = State::Idle;
  std::uint64_t generation = 0;  // incremented at each open: stale handlers are ignored
  Clock::time_point lost_at;
  milliseconds backoff{0};
  bool stop_requested = false;

  std::deque<std::string> write_queue;
  bool writing = false;
  /// Questions whose untagged replies come in order (ProtocolDialogue::replies_in_order).
  enum class Question { Firmware, Battery };
  std::deque<Question> questions;

  asio::io_context io;
  std::unique_ptr<detail::DeviceTransport> transport;  ///< the serial port, or the link
  asio::steady_timer watchdog;
  asio::steady_timer backoff_timer;
  asio::steady_timer poll_timer;
  asio::steady_timer stop_timer;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  std::mt19937 jitter;

  std::thread acquisition_thread;
  std::thread drain_thread;
  std::atomic<bool> link_ended{false};
  std::atomic<bool> is_reconnecting{false};
  std::atomic<bool> stop_drain{false};
  std::atomic<bool> drain_abandoned{false};  ///< stop() gave up on it: never call the sink again
  std::promise<void> acquisition_finished;
  std::promise<void> drain_finished;
  bool started = false;
  bool stopped = false;
  StopReport stop_report;

  mutable std::mutex info_mutex;  // guards the fields below
  std::vector<wire::ChannelInfo> channel_info;
  std::string current_port;
  std::string device_identity;  // the firmware's answer to identify_command (info_mutex)
  std::uint32_t battery_mv = 0;  // the answer to battery_command (info_mutex)
  std::optional<std::string> sink_error;
  std::optional<std::string> link_error;  ///< what the acquisition thread threw last
  /// The text of each described event in the events ring, in its order (kDescribedValue).
  std::deque<std::string> event_details;

  std::int64_t nowNs() const {
    return duration_cast<std::chrono::nanoseconds>(Clock::now() - start_time).count();
  }

  void pushEvent(wire::EventKind kind, std::int64_t value) {
    pushEventAt(nowNs(), next_sequence, kind, value);
  }
  void pushEventAt(std::int64_t t, std::uint64_t index, wire::EventKind kind, std::int64_t value) {
    if (!events.tryPush(wire::AcquisitionEvent{t, index, kind, value})) {
      stats.events_lost.fetch_add(1, std::memory_order_relaxed);
    }
  }

  // ---- port ----

  /// The device is open (again): handlers of an earlier opening are stale from now on.
  void opened() {
    ++generation;
    std::lock_guard lock(info_mutex);
    current_port = transport->where();
  }

  /// Bytes that sat in the port's input buffer before the start (the device streamed while
  /// nobody read) would all get the first read's timestamp. They are parsed, so that a header
  /// or a layout the device sent once is known, but their whole samples are not recorded (both
  /// counted). A sample cut at the end stays in the parser and is completed by the first bytes
  /// after the start, so the cut costs no sample and no resynchronisation.
  void discardStaleInput() {
    const std::string stale = transport->takeStale();
    if (stale.empty()) return;
    stats.stale_bytes.fetch_add(stale.size(), std::memory_order_relaxed);
    parsed.clear();
    parser->feed(std::span<const char>(stale.data(), stale.size()), 0, parsed);
    parser->release(parsed);  // stale samples a parser held back are stale all the same
    stats.stale_samples_discarded.fetch_add(parsed.frames.size(), std::memory_order_relaxed);
    parsed.clear();
  }

  void closePort() {
    transport->close();
    write_queue.clear();
    writing = false;
    poll_outstanding = false;
    questions.clear();
    ++generation;
  }

  void beginStreaming() {
    state = State::Streaming;
    stalled = false;
    last_bytes_time = Clock::now();
    if (!dialogue.identify_command.empty()) ask(dialogue.identify_command, Question::Firmware);
    if (!dialogue.battery_command.empty()) ask(dialogue.battery_command, Question::Battery);
    if (config.tare_at_start && !dialogue.tare_command.empty()) writeCommand(dialogue.tare_command);
    if (!dialogue.start_command.empty()) writeCommand(dialogue.start_command);
    armRead();
    armWatchdog();
    if (!dialogue.poll_command.empty()) armPoll();
  }

  void ask(const std::string& command, Question question) {
    if (dialogue.replies_in_order) questions.push_back(question);
    writeCommand(command);
  }

  void writeCommand(std::string command) {
    write_queue.push_back(std::move(command));
    if (!writing) writeNext();
  }

  void writeNext() {
    if (write_queue.empty()) {
      writing = false;
      return;
    }
    writing = true;
    const std::uint64_t gen = generation;
    transport->asyncWrite(write_queue.front(), [this, gen](const boost::system::error_code& ec) {
      if (gen != generation) return;
      if (ec) {
        stats.link_errors.fetch_add(1, std::memory_order_relaxed);
        writing = false;
        return;
      }
      write_queue.pop_front();
      writeNext();
    });
  }

  void armRead() {
    const std::uint64_t gen = generation;
    transport->asyncRead([this, gen](const boost::system::error_code& ec,
                                     std::span<const char> bytes, Clock::time_point arrived) {
      if (gen != generation) return;  // a port we closed
      onRead(ec, bytes, arrived);
    });
  }

  void armWatchdog() {
    watchdog.expires_after(config.stall_timeout);
    const std::uint64_t gen = generation;
    watchdog.async_wait([this, gen](const boost::system::error_code& ec) {
      if (ec || gen != generation || state != State::Streaming) return;
      if (!stalled) {
        stalled = true;
        stats.stalls.fetch_add(1, std::memory_order_relaxed);
        pushEvent(wire::EventKind::Stall, config.stall_timeout.count());
      } else if (config.reconnect.enabled &&
                 Clock::now() - last_bytes_time >= config.reconnect.stall_is_loss_after) {
        // A hung adapter that never reports EOF: treat as unplugged and re-open.
        onLinkLost(wire::EventKind::LinkClosed, 0);
        return;
      }
      armWatchdog();
    });
  }

  void armPoll() {
    const auto period = std::chrono::nanoseconds(
        static_cast<std::int64_t>(1e9 / std::max(config.poll_rate_hz, 0.1)));
    poll_timer.expires_after(period);
    const std::uint64_t gen = generation;
    poll_timer.async_wait([this, gen](const boost::system::error_code& ec) {
      if (ec || gen != generation || state != State::Streaming) return;
      const auto now = Clock::now();
      if (poll_outstanding && now - poll_sent_at >= config.poll_timeout) {
        stats.poll_timeouts.fetch_add(1, std::memory_order_relaxed);
        pushEvent(wire::EventKind::PollTimeout, 1);
        poll_outstanding = false;
      }
      if (!poll_outstanding) {
        poll_outstanding = true;
        poll_sent_at = now;
        answers_at_poll = parser->counters().lines;
        writeCommand(dialogue.poll_command);
      }
      armPoll();
    });
  }

  // ---- reading ----

  void onRead(const boost::system::error_code& ec, std::span<const char> bytes,
              Clock::time_point now) {
    if (ec == asio::error::operation_aborted) return;
    if (ec) {
      // EOF or EIO: the other end went away (unplug; a pty whose master closed).
      const bool closed = ec == asio::error::eof || ec.value() == EIO;
      if (!closed) stats.link_errors.fetch_add(1, std::memory_order_relaxed);
      onLinkLost(closed ? wire::EventKind::LinkClosed : wire::EventKind::LinkError, ec.value());
      return;
    }
    // Stamped by the transport when the driver handed the bytes over.
    const std::int64_t t = duration_cast<std::chrono::nanoseconds>(now - start_time).count();
    if (stalled) {
      stalled = false;
      pushEvent(wire::EventKind::StallEnded,
                duration_cast<milliseconds>(now - last_bytes_time).count());
    }
    last_bytes_time = now;
    stats.bytes_received.fetch_add(bytes.size(), std::memory_order_relaxed);
    parsed.clear();
    parser->feed(bytes, t, parsed);
    publish();
    if (dialogue.replies_in_order) {
      noteOrderedReplies();
    } else if (!dialogue.identity_prefix.empty()) {
      for (const std::string& reply : parsed.replies) {
        if (reply.rfind(dialogue.identity_prefix, 0) != 0) continue;
        std::lock_guard lock(info_mutex);
        device_identity = reply;
      }
    }
    if (poll_outstanding && parser->counters().lines > answers_at_poll) poll_outstanding = false;
    if (state == State::Stopping && stopReplySeen()) {
      endLink();
      return;
    }
    watchdog.cancel();
    armWatchdog();
    armRead();
  }

  /// The Progressor's replies: each answers the oldest question still open.
  void noteOrderedReplies() {
    for (const std::string& reply : parsed.replies) {
      if (questions.empty()) break;  // a reply nobody asked for (tare, start): nothing to keep
      const Question q = questions.front();
      questions.pop_front();
      std::lock_guard lock(info_mutex);
      if (q == Question::Firmware && dialogue.firmware_from_reply) {
        device_identity = dialogue.firmware_from_reply(reply);
      } else if (q == Question::Battery && dialogue.battery_mv_from_reply) {
        battery_mv = dialogue.battery_mv_from_reply(reply).value_or(0);
      }
    }
  }

  bool stopReplySeen() const {
    if (dialogue.stop_reply_prefix.empty()) return false;
    for (const std::string& reply : parsed.replies) {
      if (reply.rfind(dialogue.stop_reply_prefix, 0) == 0) return true;
    }
    return false;
  }

  /// Numbers, times, checks and pushes the frames just parsed.
  void publish() {
    std::size_t marker = 0;
    const std::uint64_t first_sequence = next_sequence;
    // The detector learns the device's period from its clock (the nominal rate); its gap
    // findings are used only when the protocol has no sequence numbers of its own.
    const bool learn_period = parser->hasDeviceClock();
    const bool detect_gaps = learn_period && !parser->reportsOwnGaps();
    for (std::size_t i = 0; i < parsed.frames.size(); ++i) {
      for (; marker < parsed.markers.size() && parsed.markers[marker].frame_offset <= i; ++marker) {
        recordMarker(parsed.markers[marker], first_sequence + parsed.markers[marker].frame_offset);
      }
      wire::Frame& f = parsed.frames[i];
      f.sequence = next_sequence++;
      if (new_segment) {
        // First frame after a reconnect: continue the trial clock by the host-measured time.
        const double resumed =
            have_last ? last_time_s + static_cast<double>(f.host_time_ns - last_host_ns) * 1e-9
                      : f.device_time_s;
        segment_offset_s = resumed - f.device_time_s;
        new_segment = false;
      }
      f.time_s = f.device_time_s + segment_offset_s;
      // Streamed time and sample intervals, segment by segment: a reconnect's hole is neither.
      if (!segment_started) {
        segment_started = true;
        segment_start_s = f.time_s;
      } else {
        ++intervals_before_segment;
      }
      streamed_in_segment_s = f.time_s - segment_start_s;
      last_time_s = f.time_s;
      last_host_ns = f.host_time_ns;
      have_last = true;
      if (learn_period) {
        const auto finding = gap_detector.next(f.device_time_s);
        if (finding && detect_gaps) {
          recordMarker(wire::DeviceMarker{i, f.host_time_ns,
                                          finding->kind == GapFinding::Kind::Gap
                                              ? wire::EventKind::Gap
                                              : wire::EventKind::TimeReversal,
                                          finding->value},
                       f.sequence);
        }
      }
    }
    for (; marker < parsed.markers.size(); ++marker) {
      recordMarker(parsed.markers[marker], first_sequence + parsed.markers[marker].frame_offset);
    }
    if (!channels_published && !parsed.frames.empty()) {
      // The layout is known from the first sample on; publish it before the frames so that a
      // consumer that sees a frame also sees its channels' names and units.
      channels_published = true;
      std::lock_guard lock(info_mutex);
      channel_info = parser->channels();
    }
    const std::size_t pushed = frames.pushBulk(parsed.frames);
    stats.samples.fetch_add(pushed, std::memory_order_relaxed);
    if (pushed < parsed.frames.size()) {
      const std::size_t lost = parsed.frames.size() - pushed;
      stats.ring_overflows.fetch_add(lost, std::memory_order_relaxed);
      pushEventAt(nowNs(), parsed.frames[pushed].sequence, wire::EventKind::RingOverflow,
                  static_cast<std::int64_t>(lost));
    }
    const std::size_t shown = display.pushBulk(parsed.frames);
    if (shown < parsed.frames.size()) {
      stats.display_drops.fetch_add(parsed.frames.size() - shown, std::memory_order_relaxed);
    }
    updateRate();
    copyParserCounters();
    const double streamed = streamed_before_segment_s + streamed_in_segment_s;
    if (streamed > 0.0) {
      stats.average_rate_hz.store(static_cast<double>(intervals_before_segment) / streamed,
                                  std::memory_order_relaxed);
    }
    if (const auto period = gap_detector.period_s(); period && *period > 0.0) {
      stats.nominal_rate_hz.store(1.0 / *period, std::memory_order_relaxed);
    } else if (!dialogue.poll_command.empty()) {
      stats.nominal_rate_hz.store(config.poll_rate_hz, std::memory_order_relaxed);
    }
  }

  void recordMarker(const wire::DeviceMarker& m, std::uint64_t sample_index) {
    switch (m.kind) {
      case wire::EventKind::Gap:
        stats.gaps.fetch_add(1, std::memory_order_relaxed);
        stats.missing_samples.fetch_add(static_cast<std::uint64_t>(m.value),
                                        std::memory_order_relaxed);
        break;
      case wire::EventKind::TimeReversal:
        stats.time_reversals.fetch_add(1, std::memory_order_relaxed);
        break;
      default:
        break;
    }
    pushEventAt(m.host_time_ns, sample_index, m.kind, m.value);
  }

  void updateRate() {
    if (!have_last) return;
    const std::uint64_t samples = stats.samples.load(std::memory_order_relaxed);
    if (!rate_window_open) {
      rate_window_open = true;
      rate_window_start_s = last_time_s;
      rate_window_samples = samples;
      return;
    }
    const double span = last_time_s - rate_window_start_s;
    if (span >= 1.0) {
      stats.measured_rate_hz.store(static_cast<double>(samples - rate_window_samples) / span,
                                   std::memory_order_relaxed);
      rate_window_start_s = last_time_s;
      rate_window_samples = samples;
    }
  }

  void copyParserCounters() {
    const wire::ParserCounters& c = parser->counters();
    auto set = [](std::atomic<std::uint64_t>& a, std::uint64_t v) {
      a.store(v, std::memory_order_relaxed);
    };
    set(stats.header_lines, c.header_lines);
    set(stats.malformed_lines, c.malformed_lines);
    set(stats.channel_mismatches, c.channel_mismatches);
    set(stats.overlong_lines, c.overlong_lines);
    set(stats.truncated_lines, c.truncated_lines);
    set(stats.crc_errors, c.crc_errors);
    set(stats.resyncs, c.resyncs);
    set(stats.skipped_bytes, c.skipped_bytes);
    set(stats.device_errors, c.device_errors);
    set(stats.triggers, c.triggers);
  }

  // ---- losing and regaining the link ----

  /// Frames a parser held back (holdfast-binary waits for the device descriptor) are
  /// published before the link's end is: never lost, and before the event that ends them.
  void releaseHeld() {
    parsed.clear();
    parser->release(parsed);
    if (!parsed.frames.empty() || !parsed.markers.empty()) publish();
  }

  void onLinkLost(wire::EventKind kind, std::int64_t value) {
    if (state == State::Ended || state == State::Backoff) return;
    stats.link_losses.fetch_add(1, std::memory_order_relaxed);
    releaseHeld();
    pushEvent(kind, value);
    if (stop_requested || !config.reconnect.enabled) {
      endLink();
      return;
    }
    closePort();
    watchdog.cancel();
    poll_timer.cancel();
    parser->resetStream();  // a half line or frame from before the loss is dropped (counted)
    copyParserCounters();
    state = State::Backoff;
    is_reconnecting.store(true);
    lost_at = Clock::now();
    backoff = config.reconnect.first_backoff;
    scheduleReconnect();
  }

  void scheduleReconnect() {
    // +-20 % jitter so that several stations do not hammer a hub in step; never past the
    // give-up time, so that the last attempt is made right at it.
    std::uniform_real_distribution<double> spread(0.8, 1.2);
    auto delay = milliseconds(
        static_cast<std::int64_t>(static_cast<double>(backoff.count()) * spread(jitter)));
    if (config.reconnect.give_up_after.count() > 0) {
      const auto left =
          config.reconnect.give_up_after - duration_cast<milliseconds>(Clock::now() - lost_at);
      delay = std::clamp(delay, milliseconds(0), std::max(left, milliseconds(0)));
    }
    backoff_timer.expires_after(delay);
    backoff_timer.async_wait([this](const boost::system::error_code& ec) {
      if (ec || state != State::Backoff) return;
      tryReconnect();
    });
  }

  void tryReconnect() {
    stats.reconnect_attempts.fetch_add(1, std::memory_order_relaxed);
    transport->reopen([this](const std::string& error) { reopened(error); });
  }

  void reopened(const std::string& error) {
    if (state != State::Backoff) {
      if (error.empty()) transport->close();  // the operator stopped meanwhile
      return;
    }
    if (!error.empty()) {
      const auto down = Clock::now() - lost_at;
      if (config.reconnect.give_up_after.count() > 0 && down >= config.reconnect.give_up_after) {
        endLink();  // gone for good
        return;
      }
      backoff = std::min(backoff * 2, config.reconnect.max_backoff);
      scheduleReconnect();
      return;
    }
    opened();
    stats.reconnects.fetch_add(1, std::memory_order_relaxed);
    is_reconnecting.store(false);
    pushEvent(wire::EventKind::Reconnected,
              duration_cast<milliseconds>(Clock::now() - lost_at).count());
    new_segment = true;
    streamed_before_segment_s += streamed_in_segment_s;
    streamed_in_segment_s = 0.0;
    segment_started = false;
    gap_detector = SampleGapDetector();
    beginStreaming();
  }

  /// Runs on the acquisition thread: the stream is over for good.
  void endLink() {
    if (state == State::Ended) return;
    state = State::Ended;
    watchdog.cancel();
    backoff_timer.cancel();
    poll_timer.cancel();
    stop_timer.cancel();
    closePort();
    releaseHeld();
    parser->finish();
    copyParserCounters();
    {
      std::lock_guard lock(info_mutex);
      channel_info = parser->channels();
    }
    link_ended.store(true);  // before clearing "reconnecting": never read as "back"
    is_reconnecting.store(false);
    if (stop_requested) work.reset();
  }

  void onStopRequested() {
    if (stop_requested) return;
    stop_requested = true;
    if (state != State::Ended) pushEvent(wire::EventKind::StopRequested, 0);
    if (state == State::Streaming && !dialogue.stop_command.empty()) {
      // Keep reading until the device confirms that its last sample is out; a device with no
      // such reply (the Progressor sends what it holds, then stops) gets a moment for it.
      state = State::Stopping;
      poll_timer.cancel();
      writeCommand(dialogue.stop_command);
      stop_timer.expires_after(dialogue.stop_reply_prefix.empty() ? config.stop_grace
                                                                  : config.stop_reply_timeout);
      stop_timer.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) endLink();
      });
      return;
    }
    endLink();
    work.reset();
  }

  static double threadCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }

  void runAcquisition() {
    nameThisThread(config.thread_name);
    // One named thread runs the io_context; a throwing handler is recorded, never fatal
    // (liblsl does the same with its io threads).
    while (true) {
      try {
        io.run();
        stats.acquisition_cpu_s.store(threadCpuSeconds(), std::memory_order_relaxed);
        return;
      } catch (const std::exception& ex) {
        stats.link_errors.fetch_add(1, std::memory_order_relaxed);
        {
          // The text goes with the event to the recording (its detail), not only to the log.
          std::lock_guard lock(info_mutex);
          link_error = ex.what();
          event_details.emplace_back(ex.what());
        }
        if (!events.tryPush(wire::AcquisitionEvent{nowNs(), next_sequence,
                                                   wire::EventKind::LinkError, kDescribedValue})) {
          stats.events_lost.fetch_add(1, std::memory_order_relaxed);
          std::lock_guard lock(info_mutex);
          event_details.pop_back();
        }
        endLink();
      }
    }
  }

  void runDrain() {
    nameThisThread("hf-drain");
    std::vector<wire::Frame> batch(4096);
    bool failed = false;
    bool announced = false;
    while (!drain_abandoned.load(std::memory_order_acquire)) {
      const bool last_round = stop_drain.load(std::memory_order_acquire);
      std::size_t moved = 0;
      try {
        wire::AcquisitionEvent e;
        while (events.tryPop(e)) {
          if (drain_abandoned.load(std::memory_order_acquire)) return;
          if (e.kind == wire::EventKind::LinkError && e.value == kDescribedValue) {
            std::string detail;
            {
              std::lock_guard lock(info_mutex);
              if (!event_details.empty()) {
                detail = std::move(event_details.front());
                event_details.pop_front();
              }
            }
            if (!failed) sink->appendDescribedEvent(e, detail);
            ++moved;
            continue;
          }
          if (!failed) sink->appendEvent(e);
          ++moved;
        }
        std::size_t n;
        while ((n = frames.popBulk(batch)) > 0) {
          if (drain_abandoned.load(std::memory_order_acquire)) {
            // stop() gave up on a sink that hung; what it did not take is counted, not written.
            stats.dropped_after_sink_failure.fetch_add(n, std::memory_order_relaxed);
            return;
          }
          if (!announced) {
            // Published before the first frame was pushed, so it is there now.
            announced = true;
            std::vector<wire::ChannelInfo> known;
            {
              std::lock_guard lock(info_mutex);
              known = channel_info;
            }
            if (!failed) sink->beginRecording(known);
          }
          if (failed) {
            // The sink is gone: these frames can no longer be recorded, but none vanishes
            // uncounted.
            stats.dropped_after_sink_failure.fetch_add(n, std::memory_order_relaxed);
          } else {
            try {
              sink->appendFrames(std::span<const wire::Frame>(batch.data(), n));
            } catch (...) {
              stats.dropped_after_sink_failure.fetch_add(n, std::memory_order_relaxed);
              throw;
            }
          }
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
    stats.drain_cpu_s.store(threadCpuSeconds(), std::memory_order_relaxed);
  }
};

AcquisitionEngine::AcquisitionEngine(AcquisitionConfig config, std::shared_ptr<RecordingSink> sink)
    : impl_(std::make_shared<Impl>(std::move(config), std::move(sink), true)) {
  if (!impl_->sink) throw DaqError("acquisition without a sink");
}

AcquisitionEngine::AcquisitionEngine(AcquisitionConfig config, RecordingSink& sink)
    // Not owned: an aliasing pointer that owns nothing.
    : impl_(std::make_shared<Impl>(std::move(config),
                                   std::shared_ptr<RecordingSink>(std::shared_ptr<void>(), &sink),
                                   false)) {}

AcquisitionEngine::~AcquisitionEngine() { stop(); }

void AcquisitionEngine::start() {
  Impl& d = *impl_;
  if (d.started) throw DaqError("acquisition already started");
  // The clock starts before the link connects: a notification that arrives at once is never
  // stamped before it.
  d.start_time = Clock::now();
  if (const std::string error = d.transport->open(); !error.empty()) {
    throw DaqError("cannot open " + (d.config.link ? d.config.link->address() : d.config.port) +
                   ": " + error);
  }
  d.opened();
  d.discardStaleInput();
  d.start_time = d.config.link ? d.start_time : Clock::now();
  d.parsed.frames.reserve(16 * 1024);
  d.started = true;
  d.beginStreaming();
  // Each thread holds the state: one left behind by a bounded stop() keeps it alive.
  d.drain_thread = std::thread([self = impl_] {
    self->runDrain();
    self->drain_finished.set_value();
  });
  d.acquisition_thread = std::thread([self = impl_] {
    self->runAcquisition();
    self->acquisition_finished.set_value();
  });
}

StopReport AcquisitionEngine::stop() {
  Impl& d = *impl_;
  if (!d.started || d.stopped) return d.stop_report;
  d.stopped = true;
  const Clock::time_point began = Clock::now();
  const Clock::time_point deadline = began + d.config.stop_limit;
  // Stage 1: the operator's stop, handled on the acquisition thread (stop command, the
  // device's answer, close). A handler blocked in the kernel (a USB adapter whose close waits
  // for output that never leaves) gets the limit, then its io_context is stopped.
  asio::post(d.io, [&d] { d.onStopRequested(); });
  std::future<void> acquisition = d.acquisition_finished.get_future();
  if (acquisition.wait_until(deadline) != std::future_status::ready) {
    d.io.stop();
    if (acquisition.wait_for(milliseconds(250)) != std::future_status::ready) {
      d.stop_report.acquisition_hung = true;
      d.stats.link_errors.fetch_add(1, std::memory_order_relaxed);
      std::lock_guard lock(d.info_mutex);
      if (!d.link_error)
        d.link_error = "the device did not let go of the port within the stop limit";
    }
  }
  if (d.stop_report.acquisition_hung) {
    d.acquisition_thread.detach();
  } else {
    d.acquisition_thread.join();
  }
  // Stage 2: the drain hands what is in flight to the sink. A sink the engine shares gets what
  // is left of the limit (at least 250 ms); one the caller owns must be waited for.
  d.stop_drain.store(true, std::memory_order_release);
  std::future<void> drain = d.drain_finished.get_future();
  if (d.sink_is_shared && drain.wait_until(std::max(deadline, Clock::now() + milliseconds(250))) !=
                              std::future_status::ready) {
    d.drain_abandoned.store(true, std::memory_order_release);
    d.stop_report.sink_hung = true;
    d.drain_thread.detach();
    std::lock_guard lock(d.info_mutex);
    if (!d.sink_error)
      d.sink_error = "the recording did not take the last samples within " +
                     std::to_string(d.config.stop_limit.count()) + " ms (the disk does not answer)";
  } else {
    d.drain_thread.join();
  }
  d.stop_report.took = duration_cast<milliseconds>(Clock::now() - began);
  return d.stop_report;
}

bool AcquisitionEngine::linkEnded() const { return impl_->link_ended.load(); }
bool AcquisitionEngine::reconnecting() const { return impl_->is_reconnecting.load(); }

std::optional<std::string> AcquisitionEngine::linkError() const {
  std::lock_guard lock(impl_->info_mutex);
  return impl_->link_error;
}

std::optional<std::string> AcquisitionEngine::sinkError() const {
  std::lock_guard lock(impl_->info_mutex);
  return impl_->sink_error;
}

const AcquisitionStats& AcquisitionEngine::stats() const { return impl_->stats; }

std::chrono::steady_clock::time_point AcquisitionEngine::startTime() const {
  return impl_->start_time;
}

std::vector<wire::ChannelInfo> AcquisitionEngine::channels() const {
  std::lock_guard lock(impl_->info_mutex);
  return impl_->channel_info;
}

std::vector<std::string> AcquisitionEngine::channelNames() const {
  std::vector<std::string> names;
  for (const wire::ChannelInfo& c : channels()) names.push_back(c.name);
  return names;
}

std::string AcquisitionEngine::deviceIdentity() const {
  std::lock_guard lock(impl_->info_mutex);
  return impl_->device_identity;
}

std::uint32_t AcquisitionEngine::deviceBatteryMv() const {
  std::lock_guard lock(impl_->info_mutex);
  return impl_->battery_mv;
}

std::string AcquisitionEngine::currentPort() const {
  std::lock_guard lock(impl_->info_mutex);
  return impl_->current_port;
}

SpscRing<wire::Frame>& AcquisitionEngine::displayRing() { return impl_->display; }

}  // namespace holdfast::daq
