#pragma once
// The acquisition engine's state, shared by its threads (AcquisitionEngine.h tells the design):
// the acquisition thread's handlers (opening, reading, writing the device's dialogue, losing
// and regaining the link, stopping) are here; what becomes of the frames parsed (numbering,
// the trial clock, markers, rings, rates, counters) and the drain thread are in
// EngineRecording.cpp; the public API in AcquisitionEngine.cpp. Private to daq.
#include "holdfast/daq/AcquisitionEngine.h"

#include <pthread.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/error.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
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

namespace detail {

inline void nameThisThread(const std::string& name) {
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

inline wire::BleProtocolChoice bleChoice(const AcquisitionConfig& c) {
  return {c.ble_service, c.protocol, c.text};
}

inline std::unique_ptr<wire::StreamParser> parserFor(const AcquisitionConfig& c) {
  return c.link ? wire::makeBleParser(bleChoice(c)) : wire::makeParser(c.protocol, c.text);
}

inline wire::ProtocolDialogue dialogueOf(const AcquisitionConfig& c) {
  return c.link ? wire::bleDialogueFor(bleChoice(c)) : wire::dialogueFor(c.protocol);
}

}  // namespace detail

struct AcquisitionEngine::Impl {
  enum class State { Idle, Streaming, Stopping, Backoff, Ended };
  /// The value of a link_error event whose words are in event_details (an errno is >= 0).
  static constexpr std::int64_t kDescribedValue = -1;

  Impl(AcquisitionConfig c, std::shared_ptr<RecordingSink> s, bool shared)
      : config(std::move(c)),
        sink(std::move(s)),
        sink_is_shared(shared),
        parser(detail::parserFor(config)),
        dialogue(detail::dialogueOf(config)),
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
  std::string device_identity;   // the firmware's answer to identify_command (info_mutex)
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
    armWatchdog(last_bytes_time + config.stall_timeout);
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

  /// Armed once per stall timeout, not on every read: re-arming per read cost one
  /// timerfd_settime syscall per read, a sixth of the reader's syscalls at any rate. When it
  /// fires before the silence has lasted the timeout, it is armed again for the moment it
  /// would have, so a stall is marked exactly stall_timeout after the last bytes, as before.
  void armWatchdog(Clock::time_point at) {
    watchdog.expires_at(at);
    const std::uint64_t gen = generation;
    watchdog.async_wait([this, gen](const boost::system::error_code& ec) {
      if (ec || gen != generation || state != State::Streaming) return;
      const auto now = Clock::now();
      if (!stalled) {
        const auto due = last_bytes_time + config.stall_timeout;
        if (now < due) {
          armWatchdog(due);
          return;
        }
        stalled = true;
        stats.stalls.fetch_add(1, std::memory_order_relaxed);
        pushEvent(wire::EventKind::Stall, config.stall_timeout.count());
      } else if (config.reconnect.enabled &&
                 now - last_bytes_time >= config.reconnect.stall_is_loss_after) {
        // A hung adapter that never reports EOF: treat as unplugged and re-open.
        onLinkLost(wire::EventKind::LinkClosed, 0);
        return;
      }
      armWatchdog(now + config.stall_timeout);
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
    if (!takeBytes(bytes, now)) return;
    // A read that filled a tty's 4 kB line buffer says a fast stream is running: what waited
    // meanwhile is read at once, each read stamped when it returned, instead of one trip
    // through the io_context (an epoll_wait) per read. Bounded, so that writes, timers and a
    // stop still run between bursts. At 10 kHz x 16 channels reads are under 1 kB and this
    // never runs.
    std::size_t last = bytes.size();
    for (int more = 0; more < 64 && last >= kFastStreamReadBytes; ++more) {
      Clock::time_point arrived;
      const std::span<const char> waiting = transport->readWaiting(arrived);
      if (waiting.empty()) break;
      if (!takeBytes(waiting, arrived)) return;
      last = waiting.size();
    }
    armRead();
  }

  /// A tty's line discipline hands over at most its 4 kB buffer per read (N_TTY_BUF_SIZE).
  static constexpr std::size_t kFastStreamReadBytes = 4000;

  /// Parses, counts and publishes one read's bytes, stamped `now` by the transport when the
  /// driver handed them over. False when the link ended (the device's stop reply came).
  bool takeBytes(std::span<const char> bytes, Clock::time_point now) {
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
      return false;
    }
    return true;
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

  /// Numbers, times, checks and pushes the frames just parsed (EngineRecording.cpp).
  void publish();
  void recordMarker(const wire::DeviceMarker& m, std::uint64_t sample_index);
  void updateRate();
  void copyParserCounters();

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

  void runAcquisition() {
    detail::nameThisThread(config.thread_name);
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

  static double threadCpuSeconds();
  /// The drain thread: frames and events from the rings to the sink (EngineRecording.cpp).
  void runDrain();
};

}  // namespace holdfast::daq
