#include "holdfast/store/SessionJournal.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <system_error>

#include "JournalScan.h"
#include "MetadataFields.h"
#include "TrialStartClock.h"
#include "holdfast/store/AtomicFile.h"
#include "holdfast/store/IsoTime.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/store/SessionLock.h"

namespace holdfast::store {

namespace fs = std::filesystem;

namespace detail {
std::string systemError(int err) { return std::error_code(err, std::generic_category()).message(); }
}  // namespace detail
using detail::BlockSink;
using detail::scanJournal;
using detail::systemError;
using nlohmann::json;

// On disk (little-endian, the only byte order Holdfast runs on):
//   file header: "HFJRNL\r\n" (8 bytes), uint32 version = 1, uint32 0
//   record:      uint32 0x4A524543 ("CERJ"), uint8 type, 3 zero bytes, uint32 payload length,
//                payload, uint32 CRC-32 (zlib) of type byte..end of payload
namespace {

constexpr char kFileMagic[8] = {'H', 'F', 'J', 'R', 'N', 'L', '\r', '\n'};
constexpr std::uint32_t kVersion = 1;
constexpr std::uint32_t kRecordMagic = 0x4A524543u;
constexpr std::size_t kRecordHeader = 12;  // magic, type + 3, length
constexpr std::uint32_t kMaxPayload = 256u << 20;

enum RecordType : std::uint8_t {
  kSession = 1,   // JSON: session info and trial start metadata
  kLayout = 2,    // JSON: channel names, raw names and units, calibration, layout, COP
  kSamples = 3,   // binary block, see appendAcquired
  kEvent = 4,     // binary: int64 sample_index, float64 host_time_s, int64 value, kind text
  kCounters = 5,  // JSON: the acquisition counters so far
  kFinal = 6,     // JSON: final trial metadata and counters
  kCue = 7,       // binary: float64 cue_host_time_s, the go, journaled when it is given
};

template <typename T>
void put(std::vector<std::uint8_t>& out, const T& v) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
  out.insert(out.end(), p, p + sizeof(T));
}

void putDoubles(std::vector<std::uint8_t>& out, std::span<const double> v) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(v.data());
  out.insert(out.end(), p, p + v.size_bytes());
}

// The metadata fields and their keys are listed once, in MetadataFields.h.
struct ToJson {
  json& j;
  template <class T>
  void operator()(const fields::Field& f, const std::optional<T>& v) const {
    if (v) j[f.journal] = *v;
  }
  template <class T>
  void operator()(const fields::Field& f, const T& v) const {
    j[f.journal] = v;
  }
};

struct FromJson {
  const json& j;
  template <class T>
  void operator()(const fields::Field& f, std::optional<T>& v) const {
    if (j.contains(f.journal)) v = j.at(f.journal).get<T>();
  }
  template <class T>
  void operator()(const fields::Field& f, T& v) const {
    if (j.contains(f.journal)) j.at(f.journal).get_to(v);
  }
};

json trialJson(const TrialInfo& t) {
  json j = json::object();
  fields::trial(t, ToJson{j});
  return j;
}

TrialInfo trialFrom(const json& j) {
  TrialInfo t;
  fields::trial(t, FromJson{j});
  return t;
}

json sessionJson(const SessionInfo& s) {
  json j = json::object();
  fields::session(s, ToJson{j});
  return j;
}

SessionInfo sessionFrom(const json& j) {
  SessionInfo s;
  fields::session(s, FromJson{j});
  return s;
}

json countersJson(const Counters& c) {
  json j = json::array();
  for (const auto& [name, value] : c) j.push_back(json::array({name, value}));
  return j;
}

Counters countersFrom(const json& j) {
  Counters c;
  for (const auto& item : j)
    c.emplace_back(item.at(0).get<std::string>(), item.at(1).get<std::int64_t>());
  return c;
}

}  // namespace

fs::path journalPathFor(const fs::path& session) {
  fs::path p = session;
  p += ".journal";
  return p;
}

struct SessionJournalWriter::Impl {
  fs::path session;
  fs::path path;
  int fd = -1;
  std::vector<std::uint8_t> buffer;  // whole records not yet written
  std::uint64_t durable_bytes = 0;   // written and synced, ends on a record boundary
  std::uint64_t samples = 0;
  std::size_t force_columns = 0, raw_columns = 0, cop_columns = 0;
  bool failed = false;

  void record(RecordType type, std::span<const std::uint8_t> payload) {
    if (payload.size() > kMaxPayload) throw StoreError("journal record too large");
    const std::size_t start = buffer.size();
    put(buffer, kRecordMagic);
    const std::uint8_t head[4] = {type, 0, 0, 0};
    buffer.insert(buffer.end(), head, head + 4);
    put(buffer, static_cast<std::uint32_t>(payload.size()));
    buffer.insert(buffer.end(), payload.begin(), payload.end());
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, buffer.data() + start + 4, 1);
    crc = crc32(crc, payload.data(), static_cast<uInt>(payload.size()));
    put(buffer, static_cast<std::uint32_t>(crc));
  }

  void jsonRecord(RecordType type, const json& j) {
    const std::string text = j.dump();
    record(type, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
  }

  void sync() {
    if (failed) throw StoreError("the journal " + path.string() + " failed earlier");
    std::size_t done = 0;
    while (done < buffer.size()) {
      const ssize_t n = ::write(fd, buffer.data() + done, buffer.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const int err = n < 0 ? errno : ENOSPC;
        // Cut the torn record off, so the journal ends on a whole record.
        failed = true;
        if (::ftruncate(fd, static_cast<off_t>(durable_bytes)) == 0) ::fdatasync(fd);
        throw StoreError("cannot write the journal " + path.string() + ": " + systemError(err) +
                         (err == ENOSPC || err == EFBIG ? " (disk full)" : ""));
      }
      done += static_cast<std::size_t>(n);
    }
    if (::fdatasync(fd) != 0) {
      failed = true;
      throw StoreError("cannot sync the journal " + path.string() + ": " + systemError(errno));
    }
    durable_bytes += buffer.size();
    buffer.clear();
  }
};

SessionJournalWriter::SessionJournalWriter(fs::path session, const SessionInfo& info,
                                           const TrialInfo& trial)
    : impl_(std::make_unique<Impl>()) {
  Impl& d = *impl_;
  d.session = std::move(session);
  d.path = journalPathFor(d.session);
  d.fd = ::open(d.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (d.fd < 0) {
    const int err = errno;
    if (err == EEXIST) {
      throw StoreError(d.path.string() +
                       " exists: an earlier recording was interrupted. Run 'holdfast recover " +
                       d.session.string() + "' first (nothing was overwritten)");
    }
    throw StoreError("cannot create the journal " + d.path.string() + ": " + systemError(err));
  }
  // Ownership: the writer holds an exclusive lock for as long as it writes (released by the
  // kernel when the process dies), so recovery never builds, and never removes, a journal that
  // is still being recorded (buildSessionFromJournal takes the same lock).
  if (::flock(d.fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(d.fd);
    d.fd = -1;
    throw StoreError("cannot lock the journal " + d.path.string() + ": " + systemError(err));
  }
  d.buffer.insert(d.buffer.end(), kFileMagic, kFileMagic + 8);
  put(d.buffer, kVersion);
  put(d.buffer, std::uint32_t{0});
  // A random id for this journal, stored with the trial built from it.
  std::uint8_t id[8];
  if (::getrandom(id, sizeof id, 0) != static_cast<ssize_t>(sizeof id)) {
    const auto t = std::chrono::steady_clock::now().time_since_epoch().count();
    std::memcpy(id, &t, sizeof id);  // no entropy yet (early boot): unique enough for this use
  }
  char hex[17];
  for (std::size_t i = 0; i < sizeof id; ++i) std::snprintf(hex + 2 * i, 3, "%02x", id[i]);
  TrialInfo first = trial;
  first.journal_id = hex;
  d.jsonRecord(kSession, json{{"session", sessionJson(info)},
                              {"trial", trialJson(first)},
                              {"writer_pid", static_cast<std::int64_t>(::getpid())}});
  try {
    d.sync();
  } catch (...) {
    ::close(d.fd);
    d.fd = -1;
    std::error_code ignored;
    fs::remove(d.path, ignored);  // nothing recorded yet
    throw;
  }
  fsyncPath(d.path.parent_path().empty() ? fs::path(".") : d.path.parent_path(), true);
}

SessionJournalWriter::~SessionJournalWriter() { close(); }

void SessionJournalWriter::close() {
  if (impl_->fd >= 0) ::close(impl_->fd);  // releases the lock
  impl_->fd = -1;
}

void SessionJournalWriter::writeLayout(const TrialInfo& layout) {
  impl_->jsonRecord(kLayout, trialJson(layout));
}

void SessionJournalWriter::appendAcquired(const SessionFileWriter::AcquiredBlock& b) {
  Impl& d = *impl_;
  const std::size_t n = b.time_s.size();
  if (!b.consistent()) throw StoreError("journal: inconsistent block sizes");
  if (n == 0) return;
  if (d.samples == 0) {
    d.force_columns = b.force_columns;
    d.raw_columns = b.raw_columns;
    d.cop_columns = b.cop_columns;
  } else if (b.force_columns != d.force_columns || b.raw_columns != d.raw_columns ||
             b.cop_columns != d.cop_columns) {
    throw StoreError("channel layout changed during a trial");
  }
  std::vector<std::uint8_t> payload;
  payload.reserve(16 + n * 8 * (3 + b.force_columns + b.raw_columns + b.cop_columns));
  put(payload, static_cast<std::uint32_t>(n));
  put(payload, static_cast<std::uint32_t>(b.force_columns));
  put(payload, static_cast<std::uint32_t>(b.raw_columns));
  put(payload, static_cast<std::uint32_t>(b.cop_columns));
  putDoubles(payload, b.time_s);
  putDoubles(payload, b.host_time_s);
  putDoubles(payload, b.device_time_s);
  putDoubles(payload, b.force);
  putDoubles(payload, b.raw);
  putDoubles(payload, b.cop);
  d.record(kSamples, payload);
  d.samples += n;
}

void SessionJournalWriter::appendEvent(const TrialEvent& e) {
  std::vector<std::uint8_t> payload;
  put(payload, e.sample_index);
  put(payload, e.host_time_s);
  put(payload, e.value);
  payload.insert(payload.end(), e.kind.begin(), e.kind.end());
  if (!e.detail.empty()) {
    // kind NUL detail: a journal without the detail (older) reads as before.
    payload.push_back(0);
    payload.insert(payload.end(), e.detail.begin(), e.detail.end());
  }
  impl_->record(kEvent, payload);
}

void SessionJournalWriter::writeCue(double cue_host_time_s) {
  std::vector<std::uint8_t> payload;
  put(payload, cue_host_time_s);
  impl_->record(kCue, payload);
}

void SessionJournalWriter::writeCounters(const Counters& counters) {
  impl_->jsonRecord(kCounters, countersJson(counters));
}

void SessionJournalWriter::sync() {
  if (impl_->fd < 0) throw StoreError("the journal " + impl_->path.string() + " is closed");
  impl_->sync();
}

void SessionJournalWriter::finish(const TrialInfo& final_info, const Counters& acquisition) {
  impl_->jsonRecord(
      kFinal, json{{"trial", trialJson(final_info)}, {"counters", countersJson(acquisition)}});
  impl_->sync();
}

const fs::path& SessionJournalWriter::path() const { return impl_->path; }

// ---------------------------------------------------------------------------------------------

namespace {

template <typename T>
T get(const std::uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

/// Decodes a sample record into `values` (reused) and hands it on as a block view.
void decodeSamples(const std::uint8_t* p, std::size_t size, std::vector<double>& values,
                   std::array<std::uint32_t, 3>& layout, const BlockSink& sink) {
  if (size < 16) throw StoreError("short sample block");
  const std::uint32_t n = get<std::uint32_t>(p), fc = get<std::uint32_t>(p + 4),
                      rc = get<std::uint32_t>(p + 8), cc = get<std::uint32_t>(p + 12);
  if (fc == 0 || fc > 1024 || rc == 0 || rc > 1024 || cc > 1024)
    throw StoreError("sample block with an impossible channel count");
  const std::uint64_t doubles = std::uint64_t{n} * (3 + fc + rc + cc);
  if (size != 16 + doubles * 8) throw StoreError("sample block of the wrong size");
  if (layout[0] == 0) {
    layout = {fc, rc, cc};
  } else if (layout != std::array<std::uint32_t, 3>{fc, rc, cc}) {
    throw StoreError("channel layout changed between blocks");
  }
  values.resize(doubles);
  std::memcpy(values.data(), p + 16, doubles * 8);  // aligned doubles, no aliasing tricks
  const double* d = values.data();
  const auto take = [&](std::size_t count) {
    const std::span<const double> s(d, count);
    d += count;
    return s;
  };
  SessionFileWriter::AcquiredBlock b;
  b.time_s = take(n);
  b.host_time_s = take(n);
  b.device_time_s = take(n);
  b.force = take(std::size_t{n} * fc);
  b.force_columns = fc;
  b.raw = take(std::size_t{n} * rc);
  b.raw_columns = rc;
  b.cop = take(std::size_t{n} * cc);
  b.cop_columns = cc;
  sink(b);
}

/// One record read from the journal at a byte offset: its type and payload when it is whole
/// and its checksum matches, else why not.
struct RawRecord {
  std::string problem;  ///< "" when the record is valid
  std::uint8_t type = 0;
  std::uint32_t length = 0;
};

RawRecord readRecordAt(std::ifstream& in, std::uint64_t pos, std::uint64_t file_size,
                       std::vector<std::uint8_t>& record) {
  RawRecord r;
  const std::uint64_t left = file_size - pos;
  std::uint8_t head[kRecordHeader];
  in.clear();
  in.seekg(static_cast<std::streamoff>(pos));
  if (left < kRecordHeader + 4 ||
      !in.read(reinterpret_cast<char*>(head), static_cast<std::streamsize>(kRecordHeader))) {
    r.problem = "a torn record (" + std::to_string(left) + " bytes)";
    return r;
  }
  if (get<std::uint32_t>(head) != kRecordMagic) {
    r.problem = "no record marker";
    return r;
  }
  r.length = get<std::uint32_t>(head + 8);
  r.type = head[4];
  if (r.length > kMaxPayload) {
    r.problem = "an impossible record length";
    return r;
  }
  if (left < kRecordHeader + r.length + 4) {
    r.problem = "a torn record";
    return r;
  }
  record.resize(std::size_t{r.length} + 4);
  if (!in.read(reinterpret_cast<char*>(record.data()),
               static_cast<std::streamsize>(record.size()))) {
    r.problem = "a torn record";
    return r;
  }
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, head + 4, 1);
  crc = crc32(crc, record.data(), r.length);
  if (static_cast<std::uint32_t>(crc) != get<std::uint32_t>(record.data() + r.length))
    r.problem = "a checksum mismatch";
  return r;
}

/// The offset of the next valid record after a damaged one: the next record marker at or after
/// `from` whose record is whole and passes its checksum; file_size when there is none.
std::uint64_t nextValidRecord(std::ifstream& in, std::uint64_t from, std::uint64_t file_size,
                              std::vector<std::uint8_t>& scratch) {
  constexpr std::size_t kChunk = 1 << 16;
  std::vector<std::uint8_t> chunk(kChunk + 3);
  std::uint8_t magic[4];
  std::memcpy(magic, &kRecordMagic, 4);
  for (std::uint64_t base = from; base + kRecordHeader + 4 <= file_size; base += kChunk) {
    const std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(kChunk + 3, file_size - base));
    in.clear();
    in.seekg(static_cast<std::streamoff>(base));
    if (!in.read(reinterpret_cast<char*>(chunk.data()), static_cast<std::streamsize>(want)))
      return file_size;
    for (std::size_t i = 0; i + 4 <= want && i < kChunk; ++i) {
      if (std::memcmp(chunk.data() + i, magic, 4) != 0) continue;
      if (readRecordAt(in, base + i, file_size, scratch).problem.empty()) return base + i;
    }
  }
  return file_size;
}

}  // namespace

namespace detail {

/// Reads a journal record by record, streaming (memory: one record): metadata, events and
/// counters into `out` (not the samples), each sample block to `sink`. A damaged record (a
/// flipped bit, a torn sector) costs only itself: the reader scans forward to the next valid
/// record, notes the stretch in out.damaged and marks it in the trial as a journal_damage event
/// (its samples keep their true times: every sample carries its own clock). Bytes after the
/// last valid record are a torn tail (out.tail_problem).
void scanJournal(const fs::path& journal, JournalContents& out, const BlockSink& sink) {
  std::ifstream in(journal, std::ios::binary);
  if (!in) throw StoreError("cannot read " + journal.string());
  std::error_code ec;
  const std::uint64_t file_size = fs::file_size(journal, ec);
  std::uint8_t header[16];
  if (!in.read(reinterpret_cast<char*>(header), 16) || std::memcmp(header, kFileMagic, 8) != 0) {
    throw StoreError(journal.string() + " is not a Holdfast journal");
  }
  if (get<std::uint32_t>(header + 8) != kVersion) {
    throw StoreError(journal.string() + " is a journal of version " +
                     std::to_string(get<std::uint32_t>(header + 8)) + "; this is " +
                     std::to_string(kVersion));
  }
  bool have_session = false;
  std::array<std::uint32_t, 3> layout{0, 0, 0};
  std::vector<std::uint8_t> record, scratch;
  std::vector<double> values;
  std::uint64_t samples = 0;
  double last_host_s = 0.0;
  const BlockSink counting = [&](const SessionFileWriter::AcquiredBlock& b) {
    sink(b);
    samples += b.time_s.size();
    if (!b.host_time_s.empty()) last_host_s = b.host_time_s.back();
  };
  std::uint64_t pos = 16;
  while (pos < file_size) {
    const RawRecord r = readRecordAt(in, pos, file_size, record);
    std::string problem = r.problem;
    if (problem.empty()) {
      const std::uint8_t* payload = record.data();
      const std::uint32_t length = r.length;
      const auto type = static_cast<RecordType>(r.type);
      try {
        const auto text = [&] { return std::string(payload, payload + length); };
        if (!have_session && type != kSession)
          throw StoreError("the first record is not the session");
        switch (type) {
          case kSession: {
            const json j = json::parse(text());
            out.session = sessionFrom(j.at("session"));
            out.trial = trialFrom(j.at("trial"));
            if (j.contains("writer_pid")) out.writer_pid = j.at("writer_pid").get<std::int64_t>();
            have_session = true;
            break;
          }
          case kLayout: {
            const TrialInfo l = trialFrom(json::parse(text()));
            out.trial.channel_names = l.channel_names;
            out.trial.raw_channel_names = l.raw_channel_names;
            out.trial.raw_units = l.raw_units;
            out.trial.calibration_json = l.calibration_json;
            out.trial.layout = l.layout;
            out.trial.cop_names = l.cop_names;
            out.trial.nominal_rate_hz = l.nominal_rate_hz;
            out.trial.force_resolution_n = l.force_resolution_n;
            if (!l.device_model.empty()) out.trial.device_model = l.device_model;
            if (!l.device_firmware.empty()) out.trial.device_firmware = l.device_firmware;
            if (l.device_battery_mv) out.trial.device_battery_mv = l.device_battery_mv;
            out.has_layout = true;
            break;
          }
          case kSamples:
            decodeSamples(payload, length, values, layout, counting);
            break;
          case kEvent: {
            if (length < 24) throw StoreError("short event");
            TrialEvent e;
            e.sample_index = get<std::int64_t>(payload);
            e.host_time_s = get<double>(payload + 8);
            e.value = get<std::int64_t>(payload + 16);
            const std::string_view words(reinterpret_cast<const char*>(payload) + 24, length - 24);
            const std::size_t nul = words.find('\0');
            e.kind = std::string(words.substr(0, nul));
            if (nul != std::string_view::npos) e.detail = std::string(words.substr(nul + 1));
            out.record.events.push_back(std::move(e));
            break;
          }
          case kCounters:
            out.record.acquisition = countersFrom(json::parse(text()));
            break;
          case kCue:
            // The go of a trial cut before its final record (which carries it too).
            if (length < 8) throw StoreError("short cue");
            out.trial.cue_host_time_s = get<double>(payload);
            break;
          case kFinal: {
            const json j = json::parse(text());
            const double resolution = out.trial.force_resolution_n;
            const std::string journal_id = out.trial.journal_id;
            out.trial = trialFrom(j.at("trial"));
            out.trial.journal_id = journal_id;  // the journal's, whatever the caller sent
            // The storage resolution comes with the layout, the rest of the final metadata
            // from the command that ended the trial.
            if (out.has_layout) out.trial.force_resolution_n = resolution;
            out.record.acquisition = countersFrom(j.at("counters"));
            out.finished = true;
            break;
          }
          default:
            throw StoreError("unknown record type " + std::to_string(type));
        }
      } catch (const StoreError& e) {
        problem = e.what();
      } catch (const json::exception& e) {
        problem = std::string("an unreadable record (") + e.what() + ")";
      }
    }
    if (problem.empty()) {
      ++out.records;
      pos += kRecordHeader + r.length + 4;
      continue;
    }
    if (!have_session)
      throw StoreError(journal.string() + ": its first record is unreadable: " + problem);
    const std::uint64_t next = nextValidRecord(in, pos + 1, file_size, scratch);
    if (next >= file_size) {
      out.bytes_ignored = file_size - pos;
      out.tail_problem = problem + " at byte " + std::to_string(pos);
      break;
    }
    out.damaged.push_back({pos, next, samples});
    TrialEvent e;
    e.sample_index = static_cast<std::int64_t>(samples);
    e.kind = "journal_damage";
    e.value = static_cast<std::int64_t>(next - pos);  // bytes skipped
    e.host_time_s = last_host_s;  // the arrival of the last sample before the stretch
    out.record.events.push_back(std::move(e));
    pos = next;
  }
  if (!have_session) throw StoreError(journal.string() + " holds no session record");
  out.record.info = out.trial;
}

}  // namespace detail

namespace {}  // namespace

JournalContents readJournal(const fs::path& journal) {
  JournalContents out;
  TrialRecord& rec = out.record;
  scanJournal(journal, out, [&rec](const SessionFileWriter::AcquiredBlock& b) {
    const std::size_t n = b.time_s.size();
    rec.time_s.insert(rec.time_s.end(), b.time_s.begin(), b.time_s.end());
    rec.host_time_s.insert(rec.host_time_s.end(), b.host_time_s.begin(), b.host_time_s.end());
    rec.device_time_s.insert(rec.device_time_s.end(), b.device_time_s.begin(),
                             b.device_time_s.end());
    const auto columns = [n](std::vector<std::vector<double>>& out_cols,
                             std::span<const double> rows, std::size_t count) {
      out_cols.resize(count);
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t c = 0; c < count; ++c) out_cols[c].push_back(rows[i * count + c]);
      }
    };
    columns(rec.channels, b.force, b.force_columns);
    columns(rec.raw, b.raw, b.raw_columns);
    columns(rec.cop_mm, b.cop, b.cop_columns);
  });
  return out;
}

}  // namespace holdfast::store
