#pragma once
// A progress bar on stderr for long runs (export, batch): drawn only on a terminal (or when
// forced), redrawn at most 10 times a second, and finished with a newline.

#include <chrono>
#include <cstddef>
#include <string>

namespace holdfast::cli {

class ProgressBar {
 public:
  /// Draws when stderr is a terminal, or always with `force`.
  ProgressBar(std::string label, std::size_t total, bool force = false);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void advance(std::size_t by = 1);
  void finish();

 private:
  void draw();
  std::string label_;
  std::size_t total_, done_ = 0, drawn_ = static_cast<std::size_t>(-1);
  bool enabled_, finished_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace holdfast::cli
