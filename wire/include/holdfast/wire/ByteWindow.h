#pragma once
// The unparsed tail of a binary stream: bytes are appended at the back and consumed from the
// front; the buffer is compacted only when the consumed part is larger than what remains, so
// each byte is moved at most about once.

#include <cstddef>
#include <cstring>
#include <span>
#include <vector>

#include "holdfast/wire/StreamParser.h"

namespace holdfast::wire {

class ByteWindow {
 public:
  void append(std::span<const char> bytes) {
    if (begin_ > 0 && begin_ >= size()) compact();
    data_.insert(data_.end(), bytes.begin(), bytes.end());
  }
  [[nodiscard]] const unsigned char* data() const {
    return reinterpret_cast<const unsigned char*>(data_.data()) + begin_;
  }
  [[nodiscard]] std::size_t size() const { return data_.size() - begin_; }
  void consume(std::size_t n) { begin_ += n; }
  /// The stream ended or restarts: what is left is a truncated frame, counted and skipped.
  void dropRest(ParserCounters& counters) {
    if (size() > 0) {
      ++counters.truncated_lines;
      counters.skipped_bytes += size();
    }
    clear();
  }
  void clear() {
    data_.clear();
    begin_ = 0;
  }

 private:
  void compact() {
    data_.erase(data_.begin(), data_.begin() + static_cast<std::ptrdiff_t>(begin_));
    begin_ = 0;
  }
  std::vector<char> data_;
  std::size_t begin_ = 0;
};

}  // namespace holdfast::wire
