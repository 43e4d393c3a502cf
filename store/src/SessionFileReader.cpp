#include "holdfast/store/SessionFileReader.h"

#include <H5Cpp.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <system_error>

#include "AnalysisResultsGroup.h"
#include "ChunkedDoubles.h"
#include "Hdf5Attributes.h"
#include "Hdf5Lock.h"
#include "Hdf5Metadata.h"
#include "SessionImageReader.h"
#include "SessionSchema.h"

namespace holdfast::store {

namespace fs = std::filesystem;

namespace {

std::vector<double> readVector(const H5::Group& g, const std::string& name) {
  H5::DataSet ds = g.openDataSet(name);
  H5::DataSpace space = ds.getSpace();
  if (space.getSimpleExtentNdims() != 1) throw StoreError("dataset " + name + " is not 1-D");
  if (std::vector<std::vector<double>> cols; readChunkedDoubles(ds, cols)) return std::move(cols[0]);
  hsize_t n = 0;
  space.getSimpleExtentDims(&n);
  std::vector<double> v(n);
  if (n > 0) ds.read(v.data(), H5::PredType::NATIVE_DOUBLE);
  return v;
}

std::vector<std::vector<double>> readColumns(const H5::Group& g, const std::string& name) {
  H5::DataSet ds = g.openDataSet(name);
  H5::DataSpace space = ds.getSpace();
  if (space.getSimpleExtentNdims() != 2) throw StoreError("dataset " + name + " is not 2-D");
  if (std::vector<std::vector<double>> cols; readChunkedDoubles(ds, cols)) return cols;
  hsize_t dims[2] = {0, 0};
  space.getSimpleExtentDims(dims);
  std::vector<std::vector<double>> cols(dims[1], std::vector<double>(dims[0]));
  if (dims[0] == 0 || dims[1] == 0) return cols;
  if (dims[1] == 1) {  // one channel: its column is the dataset, read in place
    ds.read(cols[0].data(), H5::PredType::NATIVE_DOUBLE);
    return cols;
  }
  const auto rows = std::make_unique_for_overwrite<double[]>(dims[0] * dims[1]);
  ds.read(rows.get(), H5::PredType::NATIVE_DOUBLE);
  for (hsize_t i = 0; i < dims[0]; ++i) {
    for (hsize_t c = 0; c < dims[1]; ++c) cols[c][i] = rows[i * dims[1] + c];
  }
  return cols;
}

std::vector<TrialEvent> readEvents(const H5::Group& g) {
  std::vector<TrialEvent> events;
  if (!g.nameExists("events")) return events;
  H5::DataSet ds = g.openDataSet("events");
  hsize_t n = 0;
  ds.getSpace().getSimpleExtentDims(&n);
  std::vector<schema::EventRow> rows(n, schema::EventRow{});
  const H5::CompType stored = ds.getCompType();
  bool has_detail = false;
  for (int m = 0; m < stored.getNmembers(); ++m) has_detail |= stored.getMemberName(m) == "detail";
  const H5::CompType type = schema::eventRowType(has_detail);
  // A conversion buffer the size of the rows: HDF5's default is 1 MB, allocated and zeroed
  // (the background buffer of a compound) for every read, a few events or not: 5 % of a
  // batch over two-trial sessions went to that memset (perf, issue 28).
  H5::DSetMemXferPropList xfer;
  xfer.setBuffer(std::max<std::size_t>(4096, (n + 1) * sizeof(schema::EventRow)), nullptr, nullptr);
  if (n > 0) ds.read(rows.data(), type, H5::DataSpace::ALL, H5::DataSpace::ALL, xfer);
  for (const auto& r : rows) {
    std::string kind(r.kind, strnlen(r.kind, schema::kEventKindLength));
    events.push_back(TrialEvent{r.sample_index, r.host_time_s, kind, r.value,
                                r.detail != nullptr ? std::string(r.detail) : std::string()});
  }
  if (n > 0 && has_detail) H5::DataSet::vlenReclaim(rows.data(), type, ds.getSpace());
  return events;
}

TrialRecord readTrial(const H5::Group& g, const std::string& name, SessionParts parts) {
  const bool everything = parts == SessionParts::Everything;
  TrialRecord t;
  TrialInfo& info = t.info;
  info.number = static_cast<int>(h5::readInt(g, "trial").value_or(0));
  fields::trial(info, h5::ReadMetadata{g, fields::Where::TrialStart, fields::Where::TrialEnd});
  if (!g.nameExists("time_s") || !g.nameExists("force_n")) {
    throw StoreError("trial " + name + " has no samples (time_s, force_n)");
  }
  t.time_s = readVector(g, "time_s");
  if ((everything || info.cue_host_time_s) && g.nameExists("host_time_s"))
    t.host_time_s = readVector(g, "host_time_s");
  t.channels = readColumns(g, "force_n");
  for (const auto& c : t.channels) {
    if (c.size() != t.time_s.size())
      throw StoreError("trial " + name + ": force_n and time_s differ in length");
  }
  if (info.channel_names.size() != t.channels.size()) {
    info.channel_names.clear();
    for (std::size_t c = 0; c < t.channels.size(); ++c)
      info.channel_names.push_back("ch" + std::to_string(c + 1));
  }
  if (everything && g.nameExists("device_time_s")) t.device_time_s = readVector(g, "device_time_s");
  if (g.nameExists("raw")) {
    if (everything) t.raw = readColumns(g, "raw");
    H5::DataSet raw = g.openDataSet("raw");
    info.raw_is_integer = raw.getTypeClass() == H5T_INTEGER;
    const std::string resolution = h5::readString(raw, "stored_resolution").value_or("");
    if (resolution.rfind("1e-", 0) == 0) info.raw_decimals = std::atoi(resolution.c_str() + 3);
  }
  if (g.nameExists("cop_mm")) t.cop_mm = readColumns(g, "cop_mm");
  for (const auto& c : t.raw) {
    if (c.size() != t.time_s.size())
      throw StoreError("trial " + name + ": raw and time_s differ in length");
  }
  t.events = readEvents(g);
  if (g.nameExists("acquisition")) {
    t.acquisition = h5::readIntAttributes(g.openGroup("acquisition"));
  }
  return t;
}

int checkSchema(const H5::H5File& file, const fs::path& path) {
  const auto version = h5::readInt(file, "schema_version");
  if (!version) throw StoreError(path.string() + ": not a Holdfast session (no schema_version)");
  if (*version != kSchemaVersion) {
    throw StoreError(path.string() + ": schema version " + std::to_string(*version) +
                     " is not supported (this build reads version " +
                     std::to_string(kSchemaVersion) + ")");
  }
  return static_cast<int>(*version);
}

/// Files up to this size are read whole into memory at open (HDF5's core driver, no backing
/// store): one read instead of about 70 small ones for a two-trial session (strace, issue 28);
/// even for metadata alone (batch --stored) that is twice as fast as reading block by block.
/// Larger ones (an hour of 16 channels) are read dataset by dataset, so that memory holds the
/// samples once, not the file besides.
constexpr std::uintmax_t kReadWholeBelowBytes = 64u << 20;

/// Opens a file for reading with one open (a batch opens thousands); only when that fails are
/// the reasons told apart, in the order a person would check them.
H5::H5File openForReading(const fs::path& path) {
  try {
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(path, ec);
    H5::FileAccPropList fapl;
    if (!ec && size <= kReadWholeBelowBytes) fapl.setCore(1 << 20, false);
    return H5::H5File(path.string(), H5F_ACC_RDONLY, H5::FileCreatPropList::DEFAULT, fapl);
  } catch (const H5::Exception& e) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw StoreError(path.string() + ": no such file");
    if (!fs::is_regular_file(path, ec)) throw StoreError(path.string() + ": not a regular file");
    if (!H5::H5File::isHdf5(path.string()))
      throw StoreError(path.string() + ": not an HDF5 file (or truncated)");
    throw;
  }
}

}  // namespace

void requireSessionSchema(const fs::path& path) {
  const auto hdf5 = h5::libraryLock();
  H5::Exception::dontPrint();
  try {
    if (!H5::H5File::isHdf5(path.string()))
      throw StoreError(path.string() + ": not an HDF5 file (or truncated)");
    (void)checkSchema(H5::H5File(path.string(), H5F_ACC_RDONLY), path);
  } catch (const H5::Exception& e) {
    throw StoreError(path.string() + ": cannot read the session (" + h5::describe(e) + ")");
  }
}

SessionRecord readSessionFile(const fs::path& path, SessionParts parts) {
  // What the analysis reads is read without the library when the file allows it (half the
  // time of a batch; SessionImageReader.h); anything else, and every error, goes through it.
  if (parts == SessionParts::ForAnalysis) {
    if (auto record = readSessionImage(path)) return std::move(*record);
  }
  return readSessionThroughLibrary(path, parts);
}

SessionRecord readSessionThroughLibrary(const fs::path& path, SessionParts parts) {
  const auto hdf5 = h5::libraryLock();
  H5::Exception::dontPrint();
  SessionRecord record;
  try {
    H5::H5File file = openForReading(path);
    record.schema_version = checkSchema(file, path);
    SessionInfo& s = record.info;
    fields::session(s, h5::ReadMetadata{file, fields::Where::Root, fields::Where::Root});
    H5::Group sg = file.openGroup(schema::kSessionGroup);
    fields::session(s, h5::ReadMetadata{sg, fields::Where::Group, fields::Where::Group});
    H5::Group trials = file.openGroup(schema::kTrialsGroup);
    std::vector<std::string> names;
    for (hsize_t i = 0; i < trials.getNumObjs(); ++i) names.push_back(trials.getObjnameByIdx(i));
    std::sort(names.begin(), names.end());
    for (const auto& name : names)
      record.trials.push_back(readTrial(trials.openGroup(name), name, parts));
  } catch (const H5::Exception& e) {
    throw StoreError(path.string() + ": cannot read the session (" + h5::describe(e) + ")");
  } catch (const StoreError&) {
    throw;
  } catch (const std::exception& e) {
    throw StoreError(path.string() + ": cannot read the session (" + e.what() + ")");
  }
  return record;
}

SessionInfo readSessionInfo(const fs::path& path, std::size_t* trial_count) {
  const auto hdf5 = h5::libraryLock();
  H5::Exception::dontPrint();
  SessionInfo s;
  try {
    const H5::H5File file = openForReading(path);
    (void)checkSchema(file, path);
    fields::session(s, h5::ReadMetadata{file, fields::Where::Root, fields::Where::Root});
    H5::Group sg = file.openGroup(schema::kSessionGroup);
    fields::session(s, h5::ReadMetadata{sg, fields::Where::Group, fields::Where::Group});
    if (trial_count) *trial_count = file.openGroup(schema::kTrialsGroup).getNumObjs();
  } catch (const H5::Exception& e) {
    throw StoreError(path.string() + ": cannot read the session (" + h5::describe(e) + ")");
  }
  return s;
}

SessionInfoAndResults readSessionInfoAndResults(const fs::path& path) {
  const auto hdf5 = h5::libraryLock();
  H5::Exception::dontPrint();
  SessionInfoAndResults out;
  try {
    const H5::H5File file = openForReading(path);
    (void)checkSchema(file, path);
    fields::session(out.info, h5::ReadMetadata{file, fields::Where::Root, fields::Where::Root});
    H5::Group sg = file.openGroup(schema::kSessionGroup);
    fields::session(out.info, h5::ReadMetadata{sg, fields::Where::Group, fields::Where::Group});
    out.results = readAnalysisResultsIn(file);
  } catch (const H5::Exception& e) {
    throw StoreError(path.string() + ": cannot read the session (" + h5::describe(e) + ")");
  }
  return out;
}

std::uint64_t storedSampleCount(const fs::path& path, int trial_number) {
  const auto hdf5 = h5::libraryLock();
  H5::Exception::dontPrint();
  try {
    H5::H5File file(path.string(), H5F_ACC_RDONLY);
    H5::Group trials = file.openGroup(schema::kTrialsGroup);
    const H5::DataSet time =
        trials.openGroup(schema::trialGroupName(trial_number)).openDataSet("time_s");
    hsize_t dims[2] = {0, 0};
    time.getSpace().getSimpleExtentDims(dims);
    return dims[0];
  } catch (const H5::Exception& e) {
    throw StoreError(path.string() + ": cannot read back trial " + std::to_string(trial_number) +
                     " (" + h5::describe(e) + ")");
  }
}

std::optional<int> trialBuiltFromJournal(const fs::path& path, const std::string& journal_id) {
  const auto hdf5 = h5::libraryLock();
  H5::Exception::dontPrint();
  try {
    H5::H5File file(path.string(), H5F_ACC_RDONLY);
    H5::Group trials = file.openGroup(schema::kTrialsGroup);
    for (hsize_t i = 0; i < trials.getNumObjs(); ++i) {
      const H5::Group g = trials.openGroup(trials.getObjnameByIdx(i));
      if (h5::readString(g, "journal_id").value_or("") == journal_id)
        return static_cast<int>(h5::readInt(g, "trial").value_or(0));
    }
    return std::nullopt;
  } catch (const H5::Exception& e) {
    throw StoreError(path.string() + ": cannot read its trials (" + h5::describe(e) + ")");
  }
}

}  // namespace holdfast::store
