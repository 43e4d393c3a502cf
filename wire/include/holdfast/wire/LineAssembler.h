#pragma once
// Cuts a byte stream into lines for the text protocols. Lines that arrive whole inside one read
// are handed out in place (no copy); only a line split across reads is assembled in a buffer.
// A line longer than the limit is dropped and counted, and parsing resumes after its '\n'.

#include <cstddef>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "holdfast/wire/StreamParser.h"

namespace holdfast::wire {

class LineAssembler {
 public:
  explicit LineAssembler(std::size_t max_line_bytes) : max_(max_line_bytes) {
    partial_.reserve(max_);
  }

  /// Calls on_line(std::string_view) for every complete line, without its '\n' (a '\r' before
  /// it is removed too).
  template <typename OnLine>
  void feed(std::span<const char> bytes, ParserCounters& counters, OnLine&& on_line) {
    feed(
        bytes, counters, [](const char*, const char*) -> const char* { return nullptr; }, on_line);
  }

  /// The same, with a fast path: for a line that starts inside `bytes`, try_fast(p, end) may
  /// parse it whole and return the first byte after its '\n'; nullptr hands the line to
  /// on_line as usual.
  template <typename TryFast, typename OnLine>
  void feed(std::span<const char> bytes, ParserCounters& counters, TryFast&& try_fast,
            OnLine&& on_line) {
    const char* p = bytes.data();
    const char* const end = p + bytes.size();
    while (p < end) {
      if (partial_.empty() && !discarding_) {
        if (const char* next = try_fast(p, end)) {
          p = next;
          continue;
        }
      }
      const char* nl =
          static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      const std::size_t len = static_cast<std::size_t>((nl ? nl : end) - p);
      if (discarding_) {
        if (!nl) return;
        discarding_ = false;  // the overlong line ends here
        p = nl + 1;
        continue;
      }
      if (partial_.size() + len > max_) {
        ++counters.overlong_lines;
        partial_.clear();
        discarding_ = nl == nullptr;
        p = nl ? nl + 1 : end;
        continue;
      }
      if (!nl) {
        partial_.append(p, len);
        return;
      }
      if (partial_.empty()) {
        on_line(stripCr(std::string_view(p, len)));
      } else {
        partial_.append(p, len);
        on_line(stripCr(std::string_view(partial_)));
        partial_.clear();
      }
      p = nl + 1;
    }
  }

  /// Drops a partial line; returns true when there was one.
  bool finish() {
    const bool had = !partial_.empty() || discarding_;
    partial_.clear();
    discarding_ = false;
    return had;
  }

 private:
  static std::string_view stripCr(std::string_view s) {
    if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
    return s;
  }

  std::size_t max_;
  std::string partial_;
  bool discarding_ = false;
};

}  // namespace holdfast::wire
