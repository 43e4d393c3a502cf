#include "holdfast/recording/TrialRun.h"

#include <sstream>

#include "holdfast/daq/AcquisitionStats.h"
#include "holdfast/registry/ActivityLog.h"
#include "holdfast/registry/ReportFile.h"
#include "holdfast/store/IsoTime.h"

namespace holdfast::recording {

namespace fs = std::filesystem;

std::string protocolNameOf(const daq::AcquisitionConfig& device) {
  if (!device.link) return wire::describeProtocol(device.protocol).name;
  const std::string service = wire::describeBleService(device.ble_service).name;
  if (device.ble_service == wire::BleService::TindeqProgressor) return service;
  return service + ":" + wire::describeProtocol(device.protocol).name;
}

std::string deviceModelOf(const daq::AcquisitionConfig& device) {
  return device.link ? wire::describeBleService(device.ble_service).device
                     : wire::describeProtocol(device.protocol).device;
}

TrialRun::TrialRun(TrialSetup setup) : setup_(std::move(setup)) {
  if (setup_.trial.started_utc.empty()) setup_.trial.started_utc = store::isoUtcNow();
  journal_ = std::make_shared<store::SessionJournalWriter>(setup_.session_file, setup_.session,
                                                           setup_.trial);
  recorder_ = std::make_shared<TrialRecorder>(*journal_, setup_.recording);
  recorder_->setTrialInfo(setup_.trial);
  // The engine shares the recorder and the journal it writes into: when the disk hangs, stop()
  // returns within its limit and they stay alive until the hung write returns.
  auto recording = std::make_shared<
      std::pair<std::shared_ptr<store::SessionJournalWriter>, std::shared_ptr<TrialRecorder>>>(
      journal_, recorder_);
  engine_ = std::make_unique<daq::AcquisitionEngine>(
      setup_.device, std::shared_ptr<daq::RecordingSink>(recording, recorder_.get()));
  recorder_->watchStats(&engine_->stats());
}

TrialRun::~TrialRun() {
  // A run dropped without stop() (an exception on the way) still stops its threads; the
  // journal keeps what was synced for a recovery.
  if (!stopped_ && engine_) engine_->stop();
}

void TrialRun::start() {
  try {
    engine_->start();
  } catch (const std::exception& e) {
    registry::activityLog()->error("cannot open {} ({}): {}", setup_.device.port,
                                   setup_.trial.protocol, e.what());
    // The engine never ran: the journal holds metadata only. Left behind, it would read as an
    // interrupted recording and block the next trial of this session.
    const fs::path journal = journal_->path();
    journal_->close();
    std::error_code ignored;
    fs::remove(journal, ignored);
    stopped_ = true;
    throw;
  }
  registry::activityLog()->info(
      "recording trial ({}) of patient '{}', test '{}', from {} ({}) into {}", setup_.trial.side,
      setup_.session.patient_id, setup_.session.test, setup_.device.port, setup_.trial.protocol,
      setup_.session_file.string());
}

TrialEnd TrialRun::stop(const std::optional<std::string>& requested) {
  TrialEnd end;
  if (stopped_) throw std::logic_error("TrialRun::stop called twice");
  stopped_ = true;
  const daq::StopReport stopped = engine_->stop();
  const daq::AcquisitionStats& st = engine_->stats();
  if (stopped.acquisition_hung)
    registry::activityLog()->error("the device on {} did not let go of the port within {} ms",
                                   setup_.device.port, setup_.device.stop_limit.count());
  if (stopped.sink_hung) {
    // The drain thread is still inside a write to the journal: neither the recorder nor the
    // journal may be touched from here. The journal keeps what reached the disk and its lock
    // (it is this process's): recovery builds it once this program has ended.
    end.outcome = TrialEnd::Outcome::Failed;
    end.samples = st.samples.load();
    end.failure = engine_->sinkError().value_or("the recording hung") + "; the journal " +
                  journal_->path().string() +
                  " keeps what reached the disk and is recovered at the next start";
    registry::activityLog()->error("recording into {} hung: stop gave up after {} ms",
                                   setup_.session_file.string(), stopped.took.count());
    return end;
  }
  std::optional<std::string> failure = engine_->sinkError();
  if (!failure) {
    try {
      recorder_->flush();
    } catch (const std::exception& e) {
      failure = e.what();
    }
  }
  end.samples = recorder_->samples();
  // Whatever happens next, the trial is over: each path below closes the journal (releasing its
  // lock) so that it can be built, here or by a recovery.
  registry::activityLog()->info(
      "trial stopped: {} samples, {} gaps ({} missing), {} rejected lines, {} CRC errors, {} "
      "resyncs, {} stalls, {} link losses, {} reconnects, {} overflows",
      end.samples, st.gaps.load(), st.missing_samples.load(), st.malformed_lines.load(),
      st.crc_errors.load(), st.resyncs.load(), st.stalls.load(), st.link_losses.load(),
      st.reconnects.load(), st.ring_overflows.load());
  if (const auto why = engine_->linkError()) {
    end.link_error = *why;
    registry::activityLog()->error("the acquisition thread failed: {}", *why);
  }
  if (failure) {
    end.outcome = TrialEnd::Outcome::Failed;
    end.failure = *failure;
    if (const auto dropped = st.dropped_after_sink_failure.load(); dropped > 0)
      end.failure +=
          " (" + std::to_string(dropped) + " samples arriving after it were not recorded)";
    registry::activityLog()->error("recording into {} failed: {}", setup_.session_file.string(),
                                   *failure);
    journal_->close();
    return end;
  }
  if (end.samples == 0 || !recorder_->plan()) {
    // Nothing arrived: the journal holds only metadata. Removing it leaves the session as it
    // was (no sample is ever in it).
    const fs::path journal = journal_->path();
    journal_->close();
    std::error_code ignored;
    fs::remove(journal, ignored);
    end.outcome = TrialEnd::Outcome::Empty;
    registry::activityLog()->warn("no samples arrived from {}: nothing recorded",
                                  setup_.device.port);
    return end;
  }
  end.trial = setup_.trial;
  recorder_->completeTrialInfo(end.trial, *engine_);
  if (requested) {
    end.trial.stop_reason = *requested;
  } else {
    end.trial.stop_reason = st.link_errors.load() > 0 ? "link_error" : "link_closed";
  }
  try {
    journal_->finish(end.trial, st.snapshot());
  } catch (const std::exception& e) {
    end.outcome = TrialEnd::Outcome::Failed;
    end.failure = e.what();
    registry::activityLog()->error("cannot finish the journal of {}: {}",
                                   setup_.session_file.string(), e.what());
    journal_->close();
    return end;
  }
  journal_->close();
  end.outcome = TrialEnd::Outcome::Recorded;
  end.warnings = recorder_->plan()->warnings;
  const double rate = end.trial.measured_rate_hz;
  if (rate > 0 && rate < daq::kMinimumRateForEarlyRfdHz) {
    std::ostringstream w;
    w << rate
      << " Hz is too low for early rate of force development (0-50, 0-100 ms); 1000 Hz or more "
         "is recommended";
    end.warnings.push_back(w.str());
  }
  return end;
}

void TrialRun::markCue() {
  setup_.trial.cue_host_time_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - engine_->startTime())
          .count();
  recorder_->noteCue(*setup_.trial.cue_host_time_s);  // journaled now, not only at the end
}

store::RecoveryReport TrialRun::buildSessionFile(const fs::path& session_file) {
  try {
    const store::RecoveryReport r = store::buildSessionFromJournal(session_file);
    registry::activityLog()->info("session file {} built: trial {}, {} samples",
                                  session_file.string(), r.trial_number, r.samples);
    if (r.samples > 0)
      (void)registry::retireReport(session_file,
                                   "trial " + std::to_string(r.trial_number) + " added");
    return r;
  } catch (const std::exception& e) {
    registry::activityLog()->error("cannot build {} from its journal: {}", session_file.string(),
                                   e.what());
    throw;
  }
}

}  // namespace holdfast::recording
