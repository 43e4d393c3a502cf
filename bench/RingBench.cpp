// The lock-free SPSC ring against boost::lockfree::spsc_queue, in the same run: one producer
// thread and one consumer thread moving 16-byte items, one at a time and in bulk (256 a call).
// Each benchmark iteration moves kItems items; Google Benchmark reports items per second.

#include <benchmark/benchmark.h>
#include <pthread.h>
#include <sched.h>

#include <boost/lockfree/spsc_queue.hpp>
#include <cstdint>
#include <cstdlib>
#include <thread>

#include "holdfast/daq/SpscRing.h"

namespace {

struct Item {
  std::uint64_t sequence;
  double value;
};
static_assert(sizeof(Item) == 16);

constexpr std::size_t kCapacity = 1 << 14;
constexpr std::uint64_t kItems = 1 << 22;
constexpr std::size_t kBulk = 256;

/// Pins the calling thread to one CPU (producer on 0, consumer on 1; HOLDFAST_BENCH_NO_PIN=1
/// turns it off): with both threads spinning, the scheduler moving them would measure the
/// scheduler, not the queue. The same for both queues.
void pinTo(int cpu) {
  if (std::getenv("HOLDFAST_BENCH_NO_PIN") != nullptr) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

template <typename Push, typename Pop>
void transfer(benchmark::State& state, Push push, Pop pop) {
  pinTo(0);
  for (auto _ : state) {
    std::uint64_t errors = 0;
    std::thread consumer([&] {
      pinTo(1);
      std::uint64_t expected = 0;
      while (expected < kItems) expected = pop(expected, errors);
    });
    push();
    consumer.join();
    if (errors != 0) state.SkipWithError("items out of order");
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kItems));
}

void BM_HoldfastRingSingle(benchmark::State& state) {
  holdfast::daq::SpscRing<Item> ring(kCapacity);
  transfer(
      state,
      [&] {
        for (std::uint64_t i = 0; i < kItems; ++i) {
          while (!ring.tryPush(Item{i, 1.0})) {
          }
        }
      },
      [&](std::uint64_t expected, std::uint64_t& errors) {
        Item it;
        if (ring.tryPop(it)) {
          errors += it.sequence != expected;
          return expected + 1;
        }
        return expected;
      });
}

void BM_BoostSpscSingle(benchmark::State& state) {
  boost::lockfree::spsc_queue<Item, boost::lockfree::capacity<kCapacity>> queue;
  transfer(
      state,
      [&] {
        for (std::uint64_t i = 0; i < kItems; ++i) {
          while (!queue.push(Item{i, 1.0})) {
          }
        }
      },
      [&](std::uint64_t expected, std::uint64_t& errors) {
        Item it;
        if (queue.pop(it)) {
          errors += it.sequence != expected;
          return expected + 1;
        }
        return expected;
      });
}

void BM_HoldfastRingBulk(benchmark::State& state) {
  holdfast::daq::SpscRing<Item> ring(kCapacity);
  transfer(
      state,
      [&] {
        Item batch[kBulk];
        for (std::uint64_t i = 0; i < kItems;) {
          for (std::size_t k = 0; k < kBulk; ++k) batch[k] = Item{i + k, 1.0};
          std::size_t done = 0;
          while (done < kBulk)
            done += ring.pushBulk(std::span<const Item>(batch + done, kBulk - done));
          i += kBulk;
        }
      },
      [&](std::uint64_t expected, std::uint64_t& errors) {
        Item batch[kBulk];
        const std::size_t n = ring.popBulk(batch);
        for (std::size_t k = 0; k < n; ++k) errors += batch[k].sequence != expected + k;
        return expected + n;
      });
}

void BM_BoostSpscBulk(benchmark::State& state) {
  boost::lockfree::spsc_queue<Item, boost::lockfree::capacity<kCapacity>> queue;
  transfer(
      state,
      [&] {
        Item batch[kBulk];
        for (std::uint64_t i = 0; i < kItems;) {
          for (std::size_t k = 0; k < kBulk; ++k) batch[k] = Item{i + k, 1.0};
          std::size_t done = 0;
          while (done < kBulk) done += queue.push(batch + done, kBulk - done);
          i += kBulk;
        }
      },
      [&](std::uint64_t expected, std::uint64_t& errors) {
        Item batch[kBulk];
        const std::size_t n = queue.pop(batch, kBulk);
        for (std::size_t k = 0; k < n; ++k) errors += batch[k].sequence != expected + k;
        return expected + n;
      });
}

}  // namespace

BENCHMARK(BM_HoldfastRingSingle)->UseRealTime()->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_BoostSpscSingle)->UseRealTime()->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_HoldfastRingBulk)->UseRealTime()->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_BoostSpscBulk)->UseRealTime()->Unit(benchmark::kMillisecond)->MinTime(1.0);

BENCHMARK_MAIN();
