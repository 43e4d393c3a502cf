// Protocol parsers with full validation, one core, against a naive parser in the same run.
// Input arrives in 16 KiB reads, as from the serial port; the output vector is reused, as in the
// engine. Google Benchmark reports input bytes per second.
//   - Holdfast binary, 16 channels of int32 (88-byte frames, CRC-32C checked): goal >= 2 GB/s.
//   - Chronojump text "<us>;<N>" lines: goal >= 5x a getline + stod parser.
//   - csv "t,left,right" lines: the same comparison.

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "holdfast/wire/ChronojumpTextParser.h"
#include "holdfast/wire/DelimitedTextParser.h"
#include "holdfast/wire/HoldfastFrame.h"
#include "holdfast/wire/HoldfastFrameParser.h"

using namespace holdfast::wire;

namespace {

constexpr std::size_t kRead = 16 * 1024;

const std::string& binaryStream() {
  static const std::string bytes = [] {
    std::vector<char> out;
    std::vector<double> v(16);
    for (std::uint32_t i = 0; out.size() < (std::size_t{8} << 20); ++i) {
      for (std::size_t c = 0; c < 16; ++c)
        v[c] = 12000.0 + 350000.0 * std::sin(0.001 * i + static_cast<double>(c));
      encodeHoldfastFrame({i, 100ULL * i, SampleFormat::Int32Counts, 0, v}, out);
    }
    return std::string(out.begin(), out.end());
  }();
  return bytes;
}

const std::string& chronojumpStream() {
  static const std::string text = [] {
    std::string s;
    char line[64];
    for (std::uint64_t i = 0; s.size() < (std::size_t{8} << 20); ++i) {
      const int n = std::snprintf(line, sizeof line, "%llu;%.2f\r\n",
                                  static_cast<unsigned long long>(1000 * i),
                                  20.0 + 300.0 * std::sin(0.001 * static_cast<double>(i)));
      s.append(line, static_cast<std::size_t>(n));
    }
    return s;
  }();
  return text;
}

const std::string& csvStream() {
  static const std::string text = [] {
    std::string s = "time_s,left_n,right_n\r\n";
    char line[96];
    for (std::uint64_t i = 0; s.size() < (std::size_t{8} << 20); ++i) {
      const double t = 0.001 * static_cast<double>(i);
      const int n = std::snprintf(line, sizeof line, "%.6f,%.2f,%.2f\r\n", t,
                                  20.0 + 300.0 * std::sin(t), 18.0 + 250.0 * std::sin(t));
      s.append(line, static_cast<std::size_t>(n));
    }
    return s;
  }();
  return text;
}

template <typename Parser>
void runParser(benchmark::State& state, const std::string& input) {
  ParseOutput out;
  out.frames.reserve(kRead);
  std::uint64_t frames = 0;
  for (auto _ : state) {
    Parser parser;
    for (std::size_t at = 0; at < input.size(); at += kRead) {
      out.clear();
      parser.feed(std::span<const char>(input.data() + at, std::min(kRead, input.size() - at)), 0,
                  out);
      frames += out.frames.size();
      benchmark::DoNotOptimize(out.frames.data());
    }
    if (parser.counters().malformed_lines + parser.counters().crc_errors != 0) {
      state.SkipWithError("the parser rejected good input");
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input.size()));
  state.counters["frames"] = static_cast<double>(frames) / static_cast<double>(state.iterations());
}

void BM_HoldfastBinary16ch(benchmark::State& state) {
  runParser<HoldfastFrameParser>(state, binaryStream());
}
void BM_ChronojumpText(benchmark::State& state) {
  runParser<ChronojumpTextParser>(state, chronojumpStream());
}
void BM_CsvText(benchmark::State& state) { runParser<DelimitedTextParser>(state, csvStream()); }

/// The naive peer, as a first version would be written: std::getline on a stringstream, split
/// at the delimiter, std::stod on each field, values appended to one flat vector.
void naive(benchmark::State& state, const std::string& input, char delim) {
  for (auto _ : state) {
    std::istringstream in(input);
    std::string line;
    std::vector<double> values;
    values.reserve(input.size() / 4);
    while (std::getline(in, line)) {
      std::size_t start = 0;
      try {
        while (true) {
          const std::size_t end = line.find(delim, start);
          values.push_back(
              std::stod(line.substr(start, end == std::string::npos ? end : end - start)));
          if (end == std::string::npos) break;
          start = end + 1;
        }
      } catch (const std::exception&) {
        // a header or a bad line
      }
    }
    benchmark::DoNotOptimize(values.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input.size()));
}

void BM_NaiveGetlineStodChronojump(benchmark::State& state) {
  naive(state, chronojumpStream(), ';');
}
void BM_NaiveGetlineStodCsv(benchmark::State& state) { naive(state, csvStream(), ','); }

}  // namespace

BENCHMARK(BM_HoldfastBinary16ch)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_ChronojumpText)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_NaiveGetlineStodChronojump)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_CsvText)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_NaiveGetlineStodCsv)->Unit(benchmark::kMillisecond)->MinTime(1.0);

BENCHMARK_MAIN();
