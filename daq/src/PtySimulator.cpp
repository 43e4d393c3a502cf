#include "holdfast/daq/PtySimulator.h"

#include <fcntl.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "holdfast/daq/AcquisitionEngine.h"

namespace holdfast::daq {

using Clock = std::chrono::steady_clock;

void validateSimulatorConfig(const SimulatorConfig& c) {
  if (c.link_path.empty()) throw std::invalid_argument("a link path is needed");
  if (c.protocol != "csv") {
    throw std::invalid_argument("unknown protocol '" + c.protocol + "' (known: csv)");
  }
  if (!(c.rate_hz >= 1.0 && c.rate_hz <= 100000.0)) {
    throw std::invalid_argument("rate must be between 1 and 100000 Hz");
  }
  if (c.duration_s && !(*c.duration_s > 0.0 && *c.duration_s <= 86400.0)) {
    throw std::invalid_argument("duration must be between 0 and 86400 s");
  }
  validateScenario(c.scenario);
}

PtySimulator::PtySimulator(SimulatorConfig config) : config_(std::move(config)) {
  validateSimulatorConfig(config_);
  char name[256] = {};
  if (openpty(&master_fd_, &slave_fd_, name, nullptr, nullptr) != 0) {
    throw DaqError(std::string("cannot open a pseudo-terminal: ") + std::strerror(errno));
  }
  device_path_ = name;
  // Raw mode on the device end: no echo, no CR/LF translation, bytes pass unchanged.
  termios tio{};
  tcgetattr(slave_fd_, &tio);
  cfmakeraw(&tio);
  tcsetattr(slave_fd_, TCSANOW, &tio);
  fcntl(master_fd_, F_SETFL, fcntl(master_fd_, F_GETFL) | O_NONBLOCK);

  struct stat st {};
  if (lstat(config_.link_path.c_str(), &st) == 0) {
    if (!S_ISLNK(st.st_mode)) {
      close(master_fd_);
      close(slave_fd_);
      throw DaqError("refusing to replace " + config_.link_path + ": it is not a symlink");
    }
    unlink(config_.link_path.c_str());  // a stale link from an earlier run
  }
  if (symlink(device_path_.c_str(), config_.link_path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    close(master_fd_);
    close(slave_fd_);
    throw DaqError("cannot create the link " + config_.link_path + ": " + why);
  }
  link_created_ = true;
}

PtySimulator::~PtySimulator() {
  if (link_created_) {
    // Remove the link only if it still points at our device.
    char target[256] = {};
    const ssize_t n = readlink(config_.link_path.c_str(), target, sizeof target - 1);
    if (n > 0 && device_path_ == std::string(target, static_cast<std::size_t>(n))) {
      unlink(config_.link_path.c_str());
    }
  }
  if (master_fd_ >= 0) close(master_fd_);
  if (slave_fd_ >= 0) close(slave_fd_);
}

SimulatorSummary PtySimulator::run(const std::atomic<bool>& stop) {
  SimulatorSummary summary;
  ForceScenario scenario(config_.scenario);
  const bool keep_log = !config_.sent_log_path.empty();
  std::ofstream sent_log;
  if (keep_log) {
    sent_log.open(config_.sent_log_path, std::ios::trunc);
    if (!sent_log) throw DaqError("cannot write " + config_.sent_log_path);
  }

  std::string pending;               // bytes generated, not yet accepted by the pty
  std::uint64_t pending_offset = 0;  // stream offset of pending[0]
  std::deque<std::pair<std::uint64_t, std::string>> unsent_lines;  // (end offset, line)
  std::uint64_t lines_queued_end = 0;  // stream offset after the last queued line
  std::uint64_t sample_lines_in_flight = 0;

  auto queueLine = [&](const std::string& line, bool is_sample) {
    if (pending.size() + line.size() > config_.max_pending_bytes) {
      if (is_sample) ++summary.samples_not_sent;
      return;
    }
    pending += line;
    lines_queued_end += line.size();
    if (is_sample) ++sample_lines_in_flight;
    unsent_lines.emplace_back(lines_queued_end, is_sample ? line : std::string("#") + line);
  };

  auto flush = [&] {
    while (!pending.empty()) {
      const ssize_t n = write(master_fd_, pending.data(), pending.size());
      if (n <= 0) break;  // EAGAIN: the kernel buffer is full, nobody is reading
      pending.erase(0, static_cast<std::size_t>(n));
      pending_offset += static_cast<std::uint64_t>(n);
      summary.bytes_sent += static_cast<std::uint64_t>(n);
    }
    while (!unsent_lines.empty() && unsent_lines.front().first <= pending_offset) {
      std::string& line = unsent_lines.front().second;
      if (line[0] == '#') {
        line.erase(0, 1);
      } else {
        ++summary.samples_sent;
        --sample_lines_in_flight;
      }
      if (keep_log) sent_log << line;
      unsent_lines.pop_front();
    }
  };

  // Header first, as many devices print one when they start streaming.
  std::string header = "time_s";
  for (int ch = 0; ch < config_.scenario.channels; ++ch) {
    header += config_.scenario.channels == 1 ? ",force_n" : (ch == 0 ? ",left_n" : ",right_n");
  }
  queueLine(header + "\r\n", false);

  const auto total =
      config_.duration_s
          ? static_cast<std::uint64_t>(std::llround(*config_.duration_s * config_.rate_hz))
          : UINT64_MAX;
  const auto start = Clock::now();
  const auto tick = std::chrono::microseconds(1000);
  std::vector<double> values;
  std::uint64_t k = 0;
  char buf[64];
  while (!stop.load() && k < total) {
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    const auto due =
        std::min<std::uint64_t>(total, static_cast<std::uint64_t>(elapsed * config_.rate_hz) + 1);
    for (; k < due; ++k) {
      const double t = static_cast<double>(k) / config_.rate_hz;
      scenario.sample(t, values);
      std::string line;
      int n = std::snprintf(buf, sizeof buf, "%.6f", t);
      line.append(buf, static_cast<std::size_t>(n));
      for (double v : values) {
        n = std::snprintf(buf, sizeof buf, ",%.2f", v);
        line.append(buf, static_cast<std::size_t>(n));
      }
      line += "\r\n";
      queueLine(line, true);
    }
    flush();
    // Sleep to the next millisecond tick, or to the next sample when the rate is below 1 kHz.
    const auto next_sample =
        start + std::chrono::duration_cast<Clock::duration>(
                    std::chrono::duration<double>(static_cast<double>(k) / config_.rate_hz));
    std::this_thread::sleep_until(std::max(next_sample, Clock::now() + tick / 2));
  }

  // At the natural end, hand over what is still pending and wait for the reader to empty the
  // device's buffer, so that closing the pty loses nothing a reader could still take. A stop
  // request is final: close at once.
  const auto deadline = Clock::now() + config_.drain_timeout;
  while (!stop.load() && Clock::now() < deadline) {
    flush();
    int unread = 0;
    ioctl(slave_fd_, FIONREAD, &unread);
    if (pending.empty() && unread == 0) {
      summary.reader_caught_up = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  summary.samples_not_sent += sample_lines_in_flight;
  summary.elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
  if (keep_log) sent_log.flush();
  // Closing the master hangs up the device end: the reader sees the link close.
  close(master_fd_);
  master_fd_ = -1;
  return summary;
}

}  // namespace holdfast::daq
