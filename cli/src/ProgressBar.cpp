#include "holdfast/cli/ProgressBar.h"

#include <unistd.h>

#include <cstdio>

namespace holdfast::cli {

ProgressBar::ProgressBar(std::string label, std::size_t total, bool force)
    : label_(std::move(label)),
      total_(total),
      enabled_(force || isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::advance(std::size_t by) {
  done_ += by;
  const auto now = std::chrono::steady_clock::now();
  if (done_ >= total_ || now - last_draw_ >= std::chrono::milliseconds(100)) {
    last_draw_ = now;
    draw();
  }
}

void ProgressBar::finish() {
  if (finished_) return;
  finished_ = true;
  if (enabled_) {
    if (drawn_ != done_) draw();
    std::fputc('\n', stderr);
  }
}

void ProgressBar::draw() {
  if (!enabled_) return;
  drawn_ = done_;
  constexpr int kWidth = 30;
  const double fraction =
      total_ == 0 ? 1.0 : static_cast<double>(done_) / static_cast<double>(total_);
  const int filled = static_cast<int>(fraction * kWidth);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0.0;
  std::fprintf(stderr, "\r%s [%.*s%*s] %zu/%zu, %.0f s left   ", label_.c_str(), filled,
               "##############################", kWidth - filled, "", done_, total_, eta);
  std::fflush(stderr);
}

}  // namespace holdfast::cli
