// What the engine does with the frames just parsed, on the acquisition thread (numbered,
// timed on the trial clock across reconnects, gaps marked, pushed to the rings, rates and
// counters updated), and the drain thread that hands them to the sink.
#include <thread>

#include "AcquisitionEngineImpl.h"

namespace holdfast::daq {

/// Numbers, times, checks and pushes the frames just parsed.
void AcquisitionEngine::Impl::publish() {
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

void AcquisitionEngine::Impl::recordMarker(const wire::DeviceMarker& m,
                                           std::uint64_t sample_index) {
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

void AcquisitionEngine::Impl::updateRate() {
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

void AcquisitionEngine::Impl::copyParserCounters() {
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

double AcquisitionEngine::Impl::threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void AcquisitionEngine::Impl::runDrain() {
  detail::nameThisThread("hf-drain");
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
          std::string identity;
          std::uint32_t battery = 0;
          {
            std::lock_guard lock(info_mutex);
            known = channel_info;
            identity = device_identity;
            battery = battery_mv;
          }
          if (!failed) {
            sink->deviceDescribed(identity, battery);
            sink->beginRecording(known);
          }
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

}  // namespace holdfast::daq
