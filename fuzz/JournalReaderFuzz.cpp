// libFuzzer target: the session journal reader on arbitrary files (a journal torn, corrupted
// or forged). readJournal must either refuse the file with a StoreError or return columns of
// equal lengths, with the ignored tail accounted for; never crash, never another exception.
// Half the inputs get a valid journal header in front, so the fuzzer reaches the records.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "FuzzCheck.h"
#include "holdfast/store/SessionJournal.h"
#include "holdfast/store/SessionRecord.h"

using namespace holdfast;

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
  } catch (const store::StoreError&) {
    // Not a journal, or its header records are unreadable: refused with a message.
  }
  return 0;
}
