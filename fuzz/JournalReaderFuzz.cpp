// libFuzzer target: the session journal reader on arbitrary files (a journal torn, corrupted
// or forged). readJournal must either refuse the file with a StoreError or return columns of
// equal lengths, with the ignored tail accounted for; never crash, never another exception.
// Half the inputs get a valid journal header in front, so the fuzzer reaches the records.
// Resynchronisation: a damaged stretch never hides a valid record (marker, whole, checksum
// right) after its start: the reader resumes at the first one.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <zlib.h>

#include <cstring>

#include "FuzzCheck.h"
#include "holdfast/store/SessionJournal.h"
#include "holdfast/store/SessionRecord.h"

using namespace holdfast;

namespace {

/// A whole record with a matching checksum starts at `at` (the journal's record format:
/// marker, type + 3, length, payload, CRC-32 of the type byte and the payload).
bool validRecordAt(const std::string& b, std::size_t at) {
  if (at + 16 > b.size()) return false;
  std::uint32_t magic = 0, length = 0, crc_stored = 0;
  std::memcpy(&magic, b.data() + at, 4);
  std::memcpy(&length, b.data() + at + 8, 4);
  if (magic != 0x4A524543u || length > (256u << 20) || at + 16 + length > b.size()) return false;
  std::memcpy(&crc_stored, b.data() + at + 12 + length, 4);
  const auto* p = reinterpret_cast<const Bytef*>(b.data());
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, p + at + 4, 1);
  crc = crc32(crc, p + at + 12, length);
  return static_cast<std::uint32_t>(crc) == crc_stored;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path file =
      std::filesystem::temp_directory_path() /
      ("holdfast-journal-fuzz-" + std::to_string(getpid()) + ".h5.journal");
  std::string bytes;
  if (size > 0 && (data[0] & 1)) bytes = std::string("HFJRNL\r\n\x01\x00\x00\x00", 12);
  bytes.append(reinterpret_cast<const char*>(data), size);
  if (FILE* f = std::fopen(file.c_str(), "wb")) {
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
  } else {
    std::abort();
  }
  try {
    const store::JournalContents j = store::readJournal(file);
    const store::TrialRecord& r = j.record;
    FUZZ_CHECK(r.host_time_s.empty() || r.host_time_s.size() == r.time_s.size());
    for (const auto& c : r.channels) FUZZ_CHECK(c.size() == r.time_s.size());
    for (const auto& c : r.raw) FUZZ_CHECK(c.size() == r.time_s.size());
    for (const auto& c : r.cop_mm) FUZZ_CHECK(c.size() == r.time_s.size());
    FUZZ_CHECK(j.bytes_ignored <= bytes.size());
    FUZZ_CHECK(j.bytes_ignored == 0 || !j.tail_problem.empty());
    for (const auto& d : j.damaged) {
      FUZZ_CHECK(d.from_byte < d.to_byte && d.to_byte <= bytes.size());
      FUZZ_CHECK(validRecordAt(bytes, d.to_byte));
      for (std::size_t at = d.from_byte + 1; at < d.to_byte; ++at)
        FUZZ_CHECK(!validRecordAt(bytes, at));
    }
    // A torn tail holds no valid record either.
    if (j.bytes_ignored > 0) {
      for (std::size_t at = bytes.size() - j.bytes_ignored + 1; at < bytes.size(); ++at)
        FUZZ_CHECK(!validRecordAt(bytes, at));
    }
  } catch (const store::StoreError&) {
    // Not a journal, or its header records are unreadable: refused with a message.
  }
  return 0;
}
