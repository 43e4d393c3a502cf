#include "holdfast/simulator/PtySimulator.h"

#include <fcntl.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <deque>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "holdfast/simulator/BaudMismatch.h"

namespace holdfast::simulator {

using Clock = std::chrono::steady_clock;

namespace {

std::vector<std::string> splitOn(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::stringstream ss(text);
  std::string part;
  while (std::getline(ss, part, sep)) parts.push_back(part);
  return parts;
}

double number(const std::string& s, const std::string& what, double lo, double hi) {
  std::size_t used = 0;
  double v = 0.0;
  try {
    v = std::stod(s, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != s.size() || s.empty() || !(v >= lo && v <= hi)) {
    throw std::invalid_argument(what + " must be a number between " + std::to_string(lo) + " and " +
                                std::to_string(hi) + " (got '" + s + "')");
  }
  return v;
}

bool inWindow(const SimulatorFault& f, double t) {
  for (int i = 0; i < f.times; ++i) {
    const double start = f.at_s + i * f.every_s;
    if (t >= start && t < start + f.for_s) return true;
  }
  return false;
}

}  // namespace

std::vector<SimulatorFault> parseSimulatorFaults(const std::string& text) {
  std::vector<SimulatorFault> faults;
  if (text.empty()) return faults;
  for (const std::string& item : splitOn(text, ',')) {
    const auto p = splitOn(item, ':');
    SimulatorFault f;
    const std::string kind = p.empty() ? "" : p[0];
    if (kind == "garbage" && p.size() == 2) {
      f.kind = SimulatorFault::Kind::Garbage;
      f.every_s = number(p[1], "garbage period", 0.01, 3600);
    } else if (kind == "drop" && p.size() == 2) {
      f.kind = SimulatorFault::Kind::Drop;
      f.probability = number(p[1], "drop probability", 0.0, 1.0);
    } else if ((kind == "stall" || kind == "unplug" || kind == "late") &&
               (p.size() == 3 || p.size() == 5)) {
      f.kind = kind == "stall"    ? SimulatorFault::Kind::Stall
               : kind == "unplug" ? SimulatorFault::Kind::Unplug
                                  : SimulatorFault::Kind::Late;
      f.at_s = number(p[1], kind + " start", 0.0, 86400);
      f.for_s = number(p[2], kind + " length", 0.01, 3600);
      if (p.size() == 5) {
        f.times = static_cast<int>(number(p[3], kind + " count", 1, 10000));
        f.every_s = number(p[4], kind + " period", f.for_s + 0.05, 86400);
      }
    } else if (kind == "baud" && p.size() == 2) {
      f.kind = SimulatorFault::Kind::Baud;
      f.baud_ratio = number(p[1], "baud ratio", 0.05, 20);
    } else {
      throw std::invalid_argument(
          "unknown fault '" + item +
          "' (known: garbage:EVERY_S, drop:P, stall:AT:FOR[:TIMES:EVERY], "
          "unplug:AT:FOR[:TIMES:EVERY], late:AT:FOR[:TIMES:EVERY], baud:RATIO)");
    }
    faults.push_back(f);
  }
  return faults;
}

void validateSimulatorConfig(const SimulatorConfig& c) {
  if (c.link_path.empty()) throw std::invalid_argument("a link path is needed");
  (void)wire::describeProtocol(c.protocol);  // throws for an unknown protocol
  if (!(c.rate_hz >= 1.0 && c.rate_hz <= 100000.0)) {
    throw std::invalid_argument("rate must be between 1 and 100000 Hz");
  }
  if (c.duration_s && !(*c.duration_s > 0.0 && *c.duration_s <= 86400.0)) {
    throw std::invalid_argument("duration must be between 0 and 86400 s");
  }
  validateScenario(c.scenario);
  DeviceModel model;
  model.protocol = wire::describeProtocol(c.protocol).protocol;
  model.channels = c.scenario.channels;
  model.cells_per_plate = c.cells_per_plate;
  model.float_newtons = c.float_newtons;
  model.send_descriptor = c.send_descriptor;
  SimulatedDevice check(model);  // throws for a layout the protocol cannot carry
}

PtySimulator::PtySimulator(SimulatorConfig config) : config_(std::move(config)) {
  validateSimulatorConfig(config_);
  struct stat st {};
  if (lstat(config_.link_path.c_str(), &st) == 0) {
    if (!S_ISLNK(st.st_mode)) {
      throw SimulatorError("refusing to replace " + config_.link_path + ": it is not a symlink");
    }
    unlink(config_.link_path.c_str());  // a stale link from an earlier run
  }
  openDevice();
}

void PtySimulator::openDevice() {
  char name[256] = {};
  if (openpty(&master_fd_, &slave_fd_, name, nullptr, nullptr) != 0) {
    throw SimulatorError(std::string("cannot open a pseudo-terminal: ") + std::strerror(errno));
  }
  device_path_ = name;
  // Raw mode on the device end: no echo, no CR/LF translation, bytes pass unchanged.
  termios tio{};
  tcgetattr(slave_fd_, &tio);
  cfmakeraw(&tio);
  tcsetattr(slave_fd_, TCSANOW, &tio);
  fcntl(master_fd_, F_SETFL, fcntl(master_fd_, F_GETFL) | O_NONBLOCK);
  // Create the link under a temporary name and rename it into place: a reader never sees a
  // half-made link.
  const std::string tmp = config_.link_path + ".new";
  unlink(tmp.c_str());
  if (symlink(device_path_.c_str(), tmp.c_str()) != 0 ||
      rename(tmp.c_str(), config_.link_path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    closeDevice();
    throw SimulatorError("cannot create the link " + config_.link_path + ": " + why);
  }
  link_created_ = true;
}

void PtySimulator::closeDevice() {
  if (link_created_) {
    // Remove the link only if it still points at our device.
    char target[256] = {};
    const ssize_t n = readlink(config_.link_path.c_str(), target, sizeof target - 1);
    if (n > 0 && device_path_ == std::string(target, static_cast<std::size_t>(n))) {
      unlink(config_.link_path.c_str());
    }
    link_created_ = false;
  }
  if (master_fd_ >= 0) close(master_fd_);
  if (slave_fd_ >= 0) close(slave_fd_);
  master_fd_ = -1;
  slave_fd_ = -1;
}

PtySimulator::~PtySimulator() { closeDevice(); }

void PtySimulator::releaseEffort() { release_pending_.store(true); }

void PtySimulator::cueStance(const std::string& stance, double sway_scale,
                             double touch_down_after_s) {
  stance_sway_scale_.store(sway_scale);
  stance_touch_down_s_.store(touch_down_after_s);
  stance_pending_.store(stance == "left" ? 0 : stance == "right" ? 1 : -1);
}

void PtySimulator::cueEffort(double strength) {
  cue_strength_.store(strength);
  cue_pending_.store(true);
}

SimulatorSummary PtySimulator::run(const std::atomic<bool>& stop) {
  SimulatorSummary summary;
  ForceScenario scenario(config_.scenario);
  DeviceModel model;
  model.protocol = wire::describeProtocol(config_.protocol).protocol;
  model.channels = config_.scenario.channels;
  model.cells_per_plate = config_.cells_per_plate;
  model.float_newtons = config_.float_newtons;
  model.send_descriptor = config_.send_descriptor;
  SimulatedDevice device(model);
  std::mt19937_64 fault_rng(config_.scenario.seed * 7919 + 17);

  const bool keep_log = !config_.sent_log_path.empty();
  std::ofstream sent_log;
  if (keep_log) {
    sent_log.open(config_.sent_log_path, std::ios::trunc);
    if (!sent_log) throw SimulatorError("cannot write " + config_.sent_log_path);
  }

  struct Queued {
    std::uint64_t end_offset;
    std::string log;  // empty: not a sample
    bool corrupted;
  };
  std::string pending;               // bytes generated, not yet accepted by the pty
  std::uint64_t pending_offset = 0;  // stream offset of pending[0]
  std::uint64_t queued_end = 0;      // stream offset after the last queued byte
  std::deque<Queued> unsent;
  std::uint64_t samples_in_flight = 0;

  std::optional<BaudMismatch> wrong_baud;
  for (const SimulatorFault& f : config_.faults) {
    if (f.kind == SimulatorFault::Kind::Baud) wrong_baud.emplace(f.baud_ratio);
  }
  auto queue = [&](DeviceRecord&& r, bool corrupted = false) {
    const bool is_sample = !r.log.empty();
    if (wrong_baud) {
      // What the station's UART makes of it at the wrong speed: no sample arrives intact.
      std::string received = wrong_baud->receive(r.bytes);
      corrupted = corrupted || received != r.bytes;
      r.bytes = std::move(received);
    }
    if (pending.size() + r.bytes.size() > config_.max_pending_bytes) {
      if (is_sample) ++summary.samples_not_sent;
      return;
    }
    pending += r.bytes;
    queued_end += r.bytes.size();
    if (is_sample) ++samples_in_flight;
    unsent.push_back({queued_end, std::move(r.log), corrupted});
  };

  auto flush = [&] {
    while (!pending.empty() && master_fd_ >= 0) {
      const ssize_t n = write(master_fd_, pending.data(), pending.size());
      if (n <= 0) break;  // EAGAIN: the kernel buffer is full, nobody is reading
      pending.erase(0, static_cast<std::size_t>(n));
      pending_offset += static_cast<std::uint64_t>(n);
      summary.bytes_sent += static_cast<std::uint64_t>(n);
    }
    while (!unsent.empty() && unsent.front().end_offset <= pending_offset) {
      Queued& q = unsent.front();
      if (!q.log.empty()) {
        --samples_in_flight;
        if (q.corrupted) {
          ++summary.samples_corrupted;
        } else {
          ++summary.samples_sent;
        }
        if (keep_log) sent_log << (q.corrupted ? "!" : "") << q.log;
      }
      unsent.pop_front();
    }
  };

  auto dropPending = [&] {
    // An unplug loses what the device had not sent yet.
    summary.samples_not_sent += samples_in_flight;
    samples_in_flight = 0;
    pending.clear();
    pending_offset = queued_end;
    unsent.clear();
  };

  for (DeviceRecord& r : device.bootRecords()) queue(std::move(r));

  const auto total =
      config_.duration_s
          ? static_cast<std::uint64_t>(std::llround(*config_.duration_s * config_.rate_hz))
          : UINT64_MAX;
  double next_garbage = 1e300;
  double drop_probability = 0.0;
  for (const SimulatorFault& f : config_.faults) {
    if (f.kind == SimulatorFault::Kind::Garbage) next_garbage = std::min(next_garbage, f.every_s);
    if (f.kind == SimulatorFault::Kind::Drop) drop_probability = f.probability;
  }
  double garbage_every = next_garbage;
  std::uniform_real_distribution<double> uniform(0.0, 1.0);

  const auto start = Clock::now();
  const auto tick = std::chrono::microseconds(1000);
  std::vector<double> forces(static_cast<std::size_t>(config_.scenario.channels), 0.0);
  std::uint64_t k = 0;
  std::uint64_t device_index = 0;  // the device's own sample counter (restarts at reboot)
  double device_t0 = 0.0;          // the device clock restarts at reboot
  bool unplugged = false;
  bool stalled = false;
  char input[512];
  while (!stop.load() && k < total) {
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();

    bool want_unplugged = false;
    bool want_stalled = false;
    bool late = false;  // samples queued, not yet written: delivered late, all of them
    for (const SimulatorFault& f : config_.faults) {
      if (f.kind == SimulatorFault::Kind::Late && inWindow(f, elapsed)) late = true;
      if (f.kind == SimulatorFault::Kind::Unplug && inWindow(f, elapsed)) want_unplugged = true;
      if (f.kind == SimulatorFault::Kind::Stall && inWindow(f, elapsed)) want_stalled = true;
    }
    if (want_unplugged && !unplugged) {
      flush();
      dropPending();
      closeDevice();
      unplugged = true;
      ++summary.unplugs;
    } else if (!want_unplugged && unplugged) {
      openDevice();
      device.reboot();
      device_index = 0;
      device_t0 = static_cast<double>(k) / config_.rate_hz;  // on the samples' clock
      for (DeviceRecord& r : device.bootRecords()) queue(std::move(r));
      unplugged = false;
    }
    if (want_stalled && !stalled) ++summary.stalls;
    stalled = want_stalled;

    // Commands from the station.
    if (master_fd_ >= 0) {
      ssize_t n;
      while ((n = read(master_fd_, input, sizeof input)) > 0) {
        std::vector<DeviceRecord> replies;
        // Commands take effect at the next sample, on the device's clock.
        device.onInput(std::string_view(input, static_cast<std::size_t>(n)),
                       static_cast<double>(k) / config_.rate_hz - device_t0, forces, replies);
        summary.commands_answered += replies.size();
        for (DeviceRecord& r : replies) queue(std::move(r));
      }
    }

    const auto due =
        std::min<std::uint64_t>(total, static_cast<std::uint64_t>(elapsed * config_.rate_hz) + 1);
    for (; k < due; ++k) {
      const double t = static_cast<double>(k) / config_.rate_hz;
      if (cue_pending_.exchange(false)) scenario.cue(t, cue_strength_.load());
      if (release_pending_.exchange(false)) scenario.release(t);
      if (const int stance = stance_pending_.exchange(kNoStance); stance != kNoStance)
        scenario.setStance(t,
                           stance == 0   ? "left"
                           : stance == 1 ? "right"
                                         : "both",
                           stance_sway_scale_.load(), stance_touch_down_s_.load());
      scenario.sample(t, forces);
      if (!device.streaming()) continue;
      if (unplugged || stalled) {
        ++summary.samples_withheld;
        ++device_index;  // the device kept sampling: its sequence numbers show the hole
        continue;
      }
      DeviceRecord r = device.encodeSample(device_index++, t - device_t0, forces,
                                           scenario.isBalance() ? &scenario.plateCop() : nullptr);
      bool corrupted = false;
      if (drop_probability > 0.0 && r.bytes.size() > r.sample_offset + 1 &&
          uniform(fault_rng) < drop_probability) {
        // A byte of the sample itself (not of a descriptor sent before it) is lost.
        const std::size_t span = r.bytes.size() - r.sample_offset;
        const auto at = r.sample_offset +
                        static_cast<std::size_t>(uniform(fault_rng) * static_cast<double>(span));
        r.bytes.erase(std::min(at, r.bytes.size() - 1), 1);
        corrupted = true;
      }
      queue(std::move(r), corrupted);
    }
    if (elapsed >= next_garbage && !unplugged) {
      std::uniform_int_distribution<int> len(32, 128);
      std::uniform_int_distribution<int> byte(0, 255);
      DeviceRecord g;
      const int n = len(fault_rng);
      for (int i = 0; i < n; ++i) g.bytes.push_back(static_cast<char>(byte(fault_rng)));
      g.bytes += "\r\n";  // a line protocol resumes at the next line end
      summary.garbage_bytes += g.bytes.size();
      queue(std::move(g));
      next_garbage += garbage_every;
    }
    if (!stalled && !late) flush();
    // Sleep to the next millisecond tick, or to the next sample when the rate is below 1 kHz.
    const auto next_sample =
        start + std::chrono::duration_cast<Clock::duration>(
                    std::chrono::duration<double>(static_cast<double>(k) / config_.rate_hz));
    std::this_thread::sleep_until(std::max(next_sample, Clock::now() + tick / 2));
  }

  // At the natural end, hand over what is still pending and wait for the reader to empty the
  // device's buffer, so that closing the pty loses nothing a reader could still take. Bytes
  // written to the master reach the device end a little later (the tty layer moves them), so
  // "nothing unread" only counts once nothing was written for 20 ms. The device has finished:
  // a command arriving now (a poll, end_capture:) is read and left unanswered, and a reader
  // waiting for "Capture ended:" times out. A stop request is final: close at once.
  const auto deadline = Clock::now() + config_.drain_timeout;
  auto last_write = Clock::now();
  std::uint64_t bytes_before = summary.bytes_sent;
  while (!stop.load() && Clock::now() < deadline && master_fd_ >= 0) {
    while (read(master_fd_, input, sizeof input) > 0) {
    }
    flush();
    if (summary.bytes_sent != bytes_before) {
      bytes_before = summary.bytes_sent;
      last_write = Clock::now();
    }
    int unread = 0;
    ioctl(slave_fd_, FIONREAD, &unread);
    if (pending.empty() && unread == 0 &&
        Clock::now() - last_write >= std::chrono::milliseconds(20)) {
      summary.reader_caught_up = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  summary.samples_not_sent += samples_in_flight;
  summary.elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
  if (keep_log) sent_log.flush();
  // Closing the master hangs up the device end: the reader sees the link close.
  if (master_fd_ >= 0) close(master_fd_);
  master_fd_ = -1;
  return summary;
}

}  // namespace holdfast::simulator
