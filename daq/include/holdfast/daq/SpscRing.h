#pragma once
// Lock-free single-producer/single-consumer ring (the design rigtorp/SPSCQueue and the LMAX
// disruptor made common). Each side owns one free-running 64-bit index on its own cache line,
// next to a cached copy of the other side's index: the other side's atomic is re-read only when
// the cache says "full" or "empty", which keeps cross-core traffic to a minimum. A failed try
// backs off for about two microseconds (relax()) so that a side polling an empty or full ring does
// not keep pulling the other side's index line.
// Capacity is a power of two; a push never overwrites, so nothing is lost without the caller
// knowing (try/bulk push return what was accepted).

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <span>
#include <stdexcept>
#include <type_traits>

namespace holdfast::daq {

namespace detail {

/// One spin-wait hint: PAUSE (x86), YIELD (ARM), nothing elsewhere.
inline void spinHint() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

/// How many spin hints make up about kBackoff on this CPU, measured once per process. A PAUSE
/// takes about 10 cycles on older Intel cores, about 140 on Skylake and later (Intel's
/// optimisation manual) and 18 ns on this project's Zen 5 VM (measured, issue 30), so a count
/// tuned on one host is a fraction of the back-off on another: 8 PAUSEs gave 1.7-1.9x
/// boost::lockfree on the project's first host and 0.5x on the Zen 5 VM.
/// The fastest of five rounds is kept: a round the scheduler interrupts only looks slower,
/// which shortens the back-off, never lengthens it. Clamped to 1..4096.
inline std::uint32_t backoffSpins() {
  static const std::uint32_t spins = [] {
    constexpr int kRound = 200;
    constexpr std::chrono::nanoseconds kBackoff{2000};
    auto fastest = std::chrono::steady_clock::duration::max();
    for (int round = 0; round < 5; ++round) {
      const auto start = std::chrono::steady_clock::now();
      for (int i = 0; i < kRound; ++i) spinHint();
      fastest = std::min(fastest, std::chrono::steady_clock::now() - start);
    }
    const double per_spin_ns =
        std::max(0.1, std::chrono::duration<double, std::nano>(fastest).count() / kRound);
    return static_cast<std::uint32_t>(
        std::clamp(static_cast<double>(kBackoff.count()) / per_spin_ns, 1.0, 4096.0));
  }();
  return spins;
}

}  // namespace detail

template <typename T>
class SpscRing {
  static_assert(std::is_trivially_copyable_v<T>, "ring items are copied with memcpy semantics");

 public:
  explicit SpscRing(std::size_t capacity)
      : capacity_(capacity),
        mask_(capacity - 1),
        backoff_spins_(detail::backoffSpins()),
        slots_(new T[capacity]) {
    if (capacity < 2 || (capacity & (capacity - 1)) != 0) {
      throw std::invalid_argument("SpscRing capacity must be a power of two >= 2");
    }
  }
  SpscRing(const SpscRing&) = delete;
  SpscRing& operator=(const SpscRing&) = delete;

  [[nodiscard]] std::size_t capacity() const { return capacity_; }

  // ---- producer side ----
  bool tryPush(const T& item) {
    const std::uint64_t w = producer_.index.load(std::memory_order_relaxed);
    if (w - producer_.cached_other == capacity_) {
      producer_.cached_other = consumer_.index.load(std::memory_order_acquire);
      if (w - producer_.cached_other == capacity_) {
        relax();
        return false;
      }
    }
    slots_[w & mask_] = item;
    producer_.index.store(w + 1, std::memory_order_release);
    return true;
  }

  /// Pushes as many items as fit (in at most two contiguous copies); returns how many.
  std::size_t pushBulk(std::span<const T> items) {
    const std::uint64_t w = producer_.index.load(std::memory_order_relaxed);
    std::size_t free_slots = capacity_ - static_cast<std::size_t>(w - producer_.cached_other);
    if (free_slots < items.size()) {
      producer_.cached_other = consumer_.index.load(std::memory_order_acquire);
      free_slots = capacity_ - static_cast<std::size_t>(w - producer_.cached_other);
    }
    const std::size_t n = std::min(free_slots, items.size());
    copyIn(w, items.first(n));
    producer_.index.store(w + n, std::memory_order_release);
    return n;
  }

  // ---- consumer side ----
  bool tryPop(T& out) {
    const std::uint64_t r = consumer_.index.load(std::memory_order_relaxed);
    if (r == consumer_.cached_other) {
      consumer_.cached_other = producer_.index.load(std::memory_order_acquire);
      if (r == consumer_.cached_other) {
        relax();
        return false;
      }
    }
    out = slots_[r & mask_];
    consumer_.index.store(r + 1, std::memory_order_release);
    return true;
  }

  /// Pops up to out.size() items (in at most two contiguous copies); returns how many.
  std::size_t popBulk(std::span<T> out) {
    const std::uint64_t r = consumer_.index.load(std::memory_order_relaxed);
    std::size_t available = static_cast<std::size_t>(consumer_.cached_other - r);
    if (available < out.size()) {
      consumer_.cached_other = producer_.index.load(std::memory_order_acquire);
      available = static_cast<std::size_t>(consumer_.cached_other - r);
    }
    const std::size_t n = std::min(available, out.size());
    copyOut(r, out.first(n));
    consumer_.index.store(r + n, std::memory_order_release);
    return n;
  }

  /// Approximate fill level; exact when neither side is running.
  [[nodiscard]] std::size_t sizeApprox() const {
    const std::uint64_t w = producer_.index.load(std::memory_order_acquire);
    const std::uint64_t r = consumer_.index.load(std::memory_order_acquire);
    return static_cast<std::size_t>(w - r);
  }

 private:
  // A constant 64 rather than std::hardware_destructive_interference_size, which warns and
  // varies between compilers (see shared/notes/architecture.md).
  static constexpr std::size_t kCacheLine = 64;

  struct alignas(kCacheLine) Side {
    std::atomic<std::uint64_t> index{0};
    std::uint64_t cached_other = 0;  ///< this side's last view of the other side's index
  };

  void copyIn(std::uint64_t w, std::span<const T> items) {
    const std::size_t start = static_cast<std::size_t>(w & mask_);
    const std::size_t first = std::min(items.size(), capacity_ - start);
    std::copy_n(items.begin(), first, slots_.get() + start);
    std::copy_n(items.begin() + static_cast<std::ptrdiff_t>(first), items.size() - first,
                slots_.get());
  }
  void copyOut(std::uint64_t r, std::span<T> out) {
    const std::size_t start = static_cast<std::size_t>(r & mask_);
    const std::size_t first = std::min(out.size(), capacity_ - start);
    std::copy_n(slots_.get() + start, first, out.begin());
    std::copy_n(slots_.get(), out.size() - first, out.begin() + static_cast<std::ptrdiff_t>(first));
  }

  /// After a failed try: a caller that polls again at once pulls the other side's index line
  /// back on every poll and slows the other side's next write. Spacing the polls about two
  /// microseconds apart lets the other side get many items done between two reads. Measured with
  /// single 16-byte items on the Zen 5 VM (docs/performance.md): back-offs of 0.15, 0.6, 1.2 and
  /// 2.3 us gave 20, 49-58, 105-116 and 131-137 M items/s, boost::lockfree 22-53; the
  /// calibrated 2 us, 120-131 (1 us: 96-129). The price is that latency after a failed poll,
  /// irrelevant here: nothing waits on a microsecond scale (the drain thread polls every 5 ms,
  /// the display at 30-60 Hz), and only the drain's event loop ends on a failed tryPop.
  void relax() const {
    for (std::uint32_t i = 0; i < backoff_spins_; ++i) detail::spinHint();
  }

  Side producer_;
  Side consumer_;
  alignas(kCacheLine) const std::size_t capacity_;
  const std::size_t mask_;
  const std::uint32_t backoff_spins_;
  std::unique_ptr<T[]> slots_;
};

}  // namespace holdfast::daq
