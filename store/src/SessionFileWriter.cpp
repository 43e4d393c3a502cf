#include "holdfast/store/SessionFileWriter.h"

#include <H5Cpp.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <system_error>
#include <vector>

#include "Hdf5Attributes.h"
#include "Hdf5FileLayout.h"
#include "Hdf5Lock.h"
#include "Hdf5Metadata.h"
#include "SessionSchema.h"
#include "holdfast/store/AtomicFile.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/store/SessionLock.h"

namespace holdfast::store {

namespace fs = std::filesystem;

namespace {

/// How a dataset is stored (docs/hdf5-schema.md, "Storage"). Every kind reads back as float64.
enum class Storage {
  Exact,        ///< float64, shuffle + deflate 1: bit-exact (device values, device clocks)
  Microsecond,  ///< float64 rounded to 1 us (scale-offset, D-scale 6) + deflate: arrival times
  Decimal,      ///< float64 rounded to 10^-D (scale-offset, D-scale D) + deflate: force
  BinaryGrid,   ///< float32 rounded to multiples of 2^-kCopGridBits, shuffle + deflate (NaN ok)
  Int32,        ///< int32, shuffle + deflate: whole-number raw values (ADC counts), exact
};

H5::DataSet createExtendible(H5::Group& g, const std::string& name, hsize_t columns,
                             Storage storage = Storage::Exact, int decimals = 3) {
  const int rank = columns == 0 ? 1 : 2;
  hsize_t dims[2] = {0, columns};
  hsize_t maxdims[2] = {H5S_UNLIMITED, columns};
  hsize_t chunk[2] = {schema::kSampleChunkRows, columns};
  H5::DSetCreatPropList props;
  props.setChunk(rank, chunk);
  switch (storage) {
    case Storage::Microsecond:
    case Storage::Decimal:
      // Scale-offset with D decimal digits: 6 for microsecond clocks, else the values' own.
      if (H5Pset_scaleoffset(props.getId(), H5Z_SO_FLOAT_DSCALE,
                             storage == Storage::Microsecond ? 6 : decimals) < 0) {
        throw H5::PropListIException("createExtendible", "cannot set scale-offset on " + name);
      }
      break;
    case Storage::Exact:
    case Storage::BinaryGrid:
    case Storage::Int32:
      props.setShuffle();
      break;
  }
  props.setDeflate(schema::kDeflateLevel);
  const H5::PredType& type = storage == Storage::BinaryGrid ? H5::PredType::IEEE_F32LE
                             : storage == Storage::Int32    ? H5::PredType::STD_I32LE
                                                            : H5::PredType::IEEE_F64LE;
  H5::DataSet ds = g.createDataSet(name, type, H5::DataSpace(rank, dims, maxdims), props);
  const std::string resolution =
      storage == Storage::Exact         ? "exact"
      : storage == Storage::Microsecond ? "1e-6"
      : storage == Storage::Int32       ? "exact (int32)"
      : storage == Storage::BinaryGrid
          ? "2^-" + std::to_string(schema::kCopGridBits) + " (multiples of it, as float32)"
          : "1e-" + std::to_string(decimals);
  h5::writeString(ds, "stored_resolution", resolution);
  return ds;
}

/// Bit-for-bit equality (NaN equals NaN, -0 differs from +0): what one stored copy reproduces.
bool sameBits(std::span<const double> a, std::span<const double> b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

void appendRows(H5::DataSet& ds, const double* data, hsize_t rows, hsize_t columns) {
  const int rank = columns == 0 ? 1 : 2;
  hsize_t current[2] = {0, 0};
  ds.getSpace().getSimpleExtentDims(current);
  hsize_t extent[2] = {current[0] + rows, columns};
  ds.extend(extent);
  H5::DataSpace file_space = ds.getSpace();
  hsize_t offset[2] = {current[0], 0};
  hsize_t count[2] = {rows, columns};
  file_space.selectHyperslab(H5S_SELECT_SET, count, offset);
  H5::DataSpace mem_space(rank, count);
  ds.write(data, H5::PredType::NATIVE_DOUBLE, mem_space, file_space);
}

}  // namespace

struct SessionFileWriter::Impl {
  fs::path path;
  fs::path partial;
  // Held from the copy of the session to the rename over it: no other writer in between.
  std::unique_ptr<SessionLock> lock;
  // On the heap: when closing fails (a full disk), HDF5 1.10 crashes on any second close, the
  // destructor's included, so a file that failed to close is deliberately leaked instead.
  std::unique_ptr<H5::H5File> file_holder = std::make_unique<H5::H5File>();
  H5::H5File& file = *file_holder;
  H5::Group trial_group;
  TrialInfo trial;
  std::size_t channels = 0;
  std::uint64_t samples = 0;
  bool have_datasets = false;
  H5::DataSet time_ds, host_ds, values_ds, events_ds;
  bool have_acquired = false;
  std::size_t raw_columns = 0, cop_columns = 0;
  H5::DataSet device_time_ds, raw_ds, cop_ds;
  std::vector<double> grid;  // centre of pressure rounded for storage (reused between blocks)

  /// Closes every object, then the file, ignoring errors: after a failed write (a full disk)
  /// an object left open would crash HDF5's own clean-up at exit.
  void closeAll() noexcept {
    for (H5::DataSet* ds :
         {&time_ds, &host_ds, &values_ds, &events_ds, &device_time_ds, &raw_ds, &cop_ds}) {
      try {
        ds->close();
      } catch (...) {
      }
    }
    try {
      trial_group.close();
    } catch (...) {
    }
    if (!file_holder) return;
    try {
      file.close();
    } catch (...) {
      (void)file_holder.release();  // never closed twice (see file_holder)
    }
  }

  void createAcquiredDatasets(std::size_t raw_count, std::size_t cop_count) {
    raw_columns = raw_count;
    cop_columns = cop_count;
    // Values equal to ones already stored get a second name (a hard link), not a second copy;
    // the trial's attributes say so (docs/hdf5-schema.md, "Values stored once").
    if (trial.device_time_is_time) {
      trial_group.link(H5L_TYPE_HARD, "time_s", "device_time_s");
      h5::writeInt(trial_group, "device_time_is_time_s", 1);
    } else {
      device_time_ds = createExtendible(trial_group, "device_time_s", 0);  // as sent: exact
      h5::writeString(device_time_ds, "unit", "s");
      h5::writeString(device_time_ds, "description",
                      "the device's own timestamp, as sent (restarts after a reconnect); "
                      "arrival time for devices without a clock");
    }
    if (trial.raw_is_force) {
      trial_group.link(H5L_TYPE_HARD, "force_n", "raw");
      h5::writeInt(trial_group, "raw_is_force_n", 1);
    } else {
      raw_ds = trial.raw_is_integer
                   ? createExtendible(trial_group, "raw", raw_columns, Storage::Int32)
               : trial.raw_decimals >= 0
                   ? createExtendible(trial_group, "raw", raw_columns, Storage::Decimal,
                                      std::min(trial.raw_decimals, 6))
                   : createExtendible(trial_group, "raw", raw_columns);
      h5::writeString(raw_ds, "description",
                      "values exactly as the device sent them, one column per raw channel "
                      "(units in the trial's raw_units attribute)");
    }
    if (cop_columns > 0) {
      cop_ds = createExtendible(trial_group, "cop_mm", cop_columns, Storage::BinaryGrid);
      h5::writeString(cop_ds, "unit", "mm");
      h5::writeString(cop_ds, "description",
                      "centre of pressure per plate (x, y), NaN below the minimum load");
    }
    have_acquired = true;
  }

  /// `arrival_known`: false for imported trials (host times are NaN, which scale-offset cannot
  /// store).
  void createSampleDatasets(std::size_t channel_count, bool arrival_known) {
    channels = channel_count;
    time_ds = createExtendible(trial_group, "time_s", 0);
    host_ds = createExtendible(trial_group, "host_time_s", 0,
                               arrival_known ? Storage::Microsecond : Storage::Exact);
    // 10^-D no coarser than the trial's force resolution, D in 0..6 (force in the force's unit).
    const double r = std::clamp(trial.force_resolution_n, 1e-6, 1.0);
    const int decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(r) - 1e-9)), 0, 6);
    if (trial.raw_is_force) {
      // Also the raw values: stored the way raw would be, exactly (whole counts: 0 decimals).
      values_ds = trial.raw_decimals >= 0 || trial.raw_is_integer
                      ? createExtendible(trial_group, "force_n", channels, Storage::Decimal,
                                         trial.raw_is_integer ? 0 : std::min(trial.raw_decimals, 6))
                      : createExtendible(trial_group, "force_n", channels);
    } else {
      values_ds = createExtendible(trial_group, "force_n", channels, Storage::Decimal, decimals);
    }
    h5::writeString(time_ds, "unit", "s");
    h5::writeString(time_ds, "description",
                    trial.device_time_is_time
                        ? "trial clock: the device timestamp as sent (the clock never "
                          "restarted, so this is also device_time_s)"
                        : "trial clock: the device timestamp, continued across reconnects");
    h5::writeString(host_ds, "unit", "s");
    h5::writeString(host_ds, "description", "arrival time at the driver since the trial started");
    h5::writeString(values_ds, "unit", trial.unit);
    h5::writeString(values_ds, "description",
                    trial.raw_is_force
                        ? "force per channel (columns) exactly as the device sent it: no "
                          "calibration changed it, so this is also raw"
                        : "force per channel (columns): the device's values with the station's "
                          "calibration applied (see raw and the calibration attribute)");
    have_datasets = true;
  }
};

SessionFileWriter::SessionFileWriter(fs::path path, const SessionInfo& session, TrialInfo trial,
                                     Locking lock)
    : impl_([] {
        const auto hdf5 = h5::libraryLock();  // Impl's members are HDF5 objects
        return std::make_unique<Impl>();
      }()) {
  Impl& d = *impl_;
  d.path = std::move(path);
  try {
    if (lock == Locking::TakeSessionLock) d.lock = std::make_unique<SessionLock>(d.path);
  } catch (...) {
    const auto hdf5 = h5::libraryLock();  // a constructor that throws leaves no destructor
    impl_.reset();
    throw;
  }
  const auto hdf5 = h5::libraryLock();  // after the session's lock, which may wait
  H5::Exception::dontPrint();
  d.partial = uniqueTemporaryName(d.path);
  d.trial = std::move(trial);
  std::error_code ec;
  const bool appending = fs::exists(d.path, ec);
  try {
    if (appending) {
      requireSessionSchema(d.path);
      // Stored results describe the trials they were computed from: a new trial makes them
      // stale, so they are left out (run `holdfast analyze` again).
      d.file = h5::copyFileWithout(d.path.string(), d.partial.string(), {"analysis"});
    } else {
      d.file = h5::createFile(d.partial.string());
      h5::writeInt(d.file, "schema_version", kSchemaVersion);
      h5::writeString(d.file, "format", schema::kFormat);
      fields::session(session, h5::WriteMetadata{d.file, fields::Where::Root});
      H5::Group s = h5::createGroup(d.file, schema::kSessionGroup);
      fields::session(session, h5::WriteMetadata{s, fields::Where::Group});
      (void)h5::createGroup(d.file, schema::kTrialsGroup);
    }
    H5::Group trials = d.file.openGroup(schema::kTrialsGroup);
    d.trial.number = static_cast<int>(trials.getNumObjs()) + 1;
    d.trial_group = h5::createGroup(trials, schema::trialGroupName(d.trial.number));
    h5::writeInt(d.trial_group, "trial", d.trial.number);
    fields::trial(d.trial, h5::WriteMetadata{d.trial_group, fields::Where::TrialStart});
    // Most trials have a handful of events: small chunks, compressed (an uncompressed chunk of
    // 256 rows was 12 kB per trial).
    hsize_t zero = 0, unlimited = H5S_UNLIMITED, chunk = schema::kEventChunkRows;
    H5::DSetCreatPropList props;
    props.setChunk(1, &chunk);
    props.setShuffle();
    props.setDeflate(schema::kDeflateLevel);
    d.events_ds = d.trial_group.createDataSet("events", schema::eventRowType(),
                                              H5::DataSpace(1, &zero, &unlimited), props);
  } catch (...) {
    // Nothing was recorded yet: drop the copy so that no stray .partial is left behind.
    d.closeAll();
    std::error_code ignored;
    fs::remove(d.partial, ignored);
    const std::string file = (appending ? d.path : d.partial).string();
    impl_.reset();  // its HDF5 objects released under the lock, not by the unwinding after it
    try {
      throw;
    } catch (const H5::Exception& e) {
      throw StoreError("cannot " + std::string(appending ? "open " : "create ") + file +
                       " as a session file: " + h5::describe(e));
    }
  }
}

SessionFileWriter::~SessionFileWriter() {
  const auto hdf5 = h5::libraryLock();
  impl_->closeAll();  // an uncommitted .partial stays on disk for inspection or recovery
  impl_.reset();      // its HDF5 objects are released under the lock too
}

int SessionFileWriter::trialNumber() const { return impl_->trial.number; }

void SessionFileWriter::appendSamples(std::span<const double> time_s,
                                      std::span<const double> host_time_s,
                                      std::span<const double> values, std::size_t channels) {
  const auto hdf5 = h5::libraryLock();
  Impl& d = *impl_;
  const std::size_t n = time_s.size();
  if (host_time_s.size() != n || values.size() != n * channels || channels == 0) {
    throw StoreError("appendSamples: inconsistent sizes");
  }
  if (n == 0) return;
  try {
    if (!d.have_datasets) d.createSampleDatasets(channels, std::isfinite(host_time_s[0]));
    if (channels != d.channels) throw StoreError("channel count changed during a trial");
    appendRows(d.time_ds, time_s.data(), n, 0);
    appendRows(d.host_ds, host_time_s.data(), n, 0);
    appendRows(d.values_ds, values.data(), n, channels);
    d.samples += n;
  } catch (const H5::Exception& e) {
    throw StoreError("cannot write samples to " + d.partial.string() + ": " + h5::describe(e));
  }
}

void SessionFileWriter::appendImportedCop(std::span<const double> cop, std::size_t cop_columns) {
  const auto hdf5 = h5::libraryLock();
  Impl& d = *impl_;
  if (cop_columns == 0 || cop.size() % cop_columns != 0 || d.have_acquired) {
    throw StoreError("appendImportedCop: inconsistent sizes, or the trial is an acquired one");
  }
  const std::size_t n = cop.size() / cop_columns;
  try {
    if (d.cop_columns == 0) {
      d.cop_columns = cop_columns;
      d.cop_ds = createExtendible(d.trial_group, "cop_mm", cop_columns, Storage::Exact);
      h5::writeString(d.cop_ds, "unit", "mm");
      h5::writeString(d.cop_ds, "description",
                      "centre of pressure per plate (x, y), as imported (exact), NaN below the "
                      "minimum load");
    }
    if (cop_columns != d.cop_columns) throw StoreError("COP column count changed during a trial");
    appendRows(d.cop_ds, cop.data(), n, cop_columns);
  } catch (const H5::Exception& e) {
    throw StoreError("cannot write the centre of pressure to " + d.partial.string() + ": " +
                     h5::describe(e));
  }
}

void SessionFileWriter::appendAcquired(const AcquiredBlock& b) {
  const auto hdf5 = h5::libraryLock();
  Impl& d = *impl_;
  const std::size_t n = b.time_s.size();
  if (!b.consistent()) throw StoreError("appendAcquired: inconsistent sizes");
  if (n == 0) return;
  try {
    if (!d.have_datasets) d.createSampleDatasets(b.force_columns, std::isfinite(b.host_time_s[0]));
    if (!d.have_acquired) d.createAcquiredDatasets(b.raw_columns, b.cop_columns);
    if (b.force_columns != d.channels || b.raw_columns != d.raw_columns ||
        b.cop_columns != d.cop_columns) {
      throw StoreError("channel layout changed during a trial");
    }
    if ((d.trial.device_time_is_time && !sameBits(b.device_time_s, b.time_s)) ||
        (d.trial.raw_is_force && !sameBits(b.raw, b.force))) {
      throw StoreError("values said to be stored once differ (raw/force_n or clocks)");
    }
    appendRows(d.time_ds, b.time_s.data(), n, 0);
    appendRows(d.host_ds, b.host_time_s.data(), n, 0);
    if (!d.trial.device_time_is_time) appendRows(d.device_time_ds, b.device_time_s.data(), n, 0);
    appendRows(d.values_ds, b.force.data(), n, b.force_columns);
    if (!d.trial.raw_is_force) appendRows(d.raw_ds, b.raw.data(), n, b.raw_columns);
    if (b.cop_columns > 0) {
      // The centre of pressure is computed from the raw cells (stored exactly), so rounding it
      // far below a plate's accuracy (1-2 mm) loses nothing measured. Rounded to a binary grid,
      // the float32's low mantissa bits are zero and compress (BitRound: Kloewer et al. 2021,
      // Nat. Comput. Sci. 1:713; netCDF's quantize): 2.8 -> 1.4 bytes per value.
      d.grid.assign(b.cop.begin(), b.cop.end());
      constexpr double kSteps = double(1u << schema::kCopGridBits);
      for (double& v : d.grid) v = std::round(v * kSteps) / kSteps;  // NaN stays NaN
      appendRows(d.cop_ds, d.grid.data(), n, b.cop_columns);
    }
    d.samples += n;
  } catch (const H5::Exception& e) {
    throw StoreError("cannot write samples to " + d.partial.string() + ": " + h5::describe(e));
  }
}

void SessionFileWriter::SameValues::check(const AcquiredBlock& b) {
  raw_is_force = raw_is_force && b.raw_columns == b.force_columns && sameBits(b.raw, b.force);
  device_time_is_time = device_time_is_time && sameBits(b.device_time_s, b.time_s);
}

void SessionFileWriter::appendTrialData(const TrialRecord& t) {
  const auto hdf5 = h5::libraryLock();  // held across the blocks: one trial written whole
  const std::size_t n = t.time_s.size(), fc = t.channels.size(), rc = t.raw.size(),
                    cc = t.cop_mm.size();
  const bool acquired = rc > 0 && t.device_time_s.size() == n;
  if (acquired && !impl_->have_datasets) {
    impl_->trial.device_time_is_time = sameBits(t.device_time_s, t.time_s);
    impl_->trial.raw_is_force = rc == fc;
    for (std::size_t c = 0; c < rc && impl_->trial.raw_is_force; ++c)
      impl_->trial.raw_is_force = sameBits(t.raw[c], t.channels[c]);
  }
  std::vector<double> host = t.host_time_s;  // imported trials have none: NaN
  host.resize(n, std::numeric_limits<double>::quiet_NaN());
  std::vector<double> force, raw, cop;
  constexpr std::size_t kBlock = 65536;  // rows transposed at a time
  for (std::size_t start = 0; start < n; start += kBlock) {
    const std::size_t m = std::min(kBlock, n - start);
    force.resize(m * fc);
    raw.resize(acquired ? m * rc : 0);
    cop.resize(m * cc);
    for (std::size_t i = 0; i < m; ++i) {
      for (std::size_t c = 0; c < fc; ++c) force[i * fc + c] = t.channels[c][start + i];
      for (std::size_t c = 0; c < cc; ++c) cop[i * cc + c] = t.cop_mm[c][start + i];
      if (!acquired) continue;
      for (std::size_t c = 0; c < rc; ++c) raw[i * rc + c] = t.raw[c][start + i];
    }
    const auto rows = [&](const std::vector<double>& v) {
      return std::span<const double>(v.data() + start, m);
    };
    if (acquired) {
      appendAcquired(
          {rows(t.time_s), rows(host), rows(t.device_time_s), force, fc, raw, rc, cop, cc});
    } else {
      appendSamples(rows(t.time_s), rows(host), force, fc);
      if (cc > 0) appendImportedCop(cop, cc);  // an imported plate export's COP, exact
    }
  }
  for (const TrialEvent& e : t.events) appendEvent(e);
}

void SessionFileWriter::appendEvent(const TrialEvent& event) {
  const auto hdf5 = h5::libraryLock();
  Impl& d = *impl_;
  schema::EventRow row{};
  row.sample_index = event.sample_index;
  row.host_time_s = event.host_time_s;
  std::strncpy(row.kind, event.kind.c_str(), schema::kEventKindLength - 1);
  row.value = event.value;
  row.detail = const_cast<char*>(event.detail.c_str());  // read only by the write below
  try {
    hsize_t current = 0;
    d.events_ds.getSpace().getSimpleExtentDims(&current);
    hsize_t extent = current + 1, one = 1;
    d.events_ds.extend(&extent);
    H5::DataSpace file_space = d.events_ds.getSpace();
    file_space.selectHyperslab(H5S_SELECT_SET, &one, &current);
    d.events_ds.write(&row, schema::eventRowType(), H5::DataSpace(1, &one), file_space);
  } catch (const H5::Exception& e) {
    throw StoreError("cannot write an event to " + d.partial.string() + ": " + h5::describe(e));
  }
}

void SessionFileWriter::finish(const TrialInfo& final_info, const Counters& acquisition) {
  const auto hdf5 = h5::libraryLock();
  Impl& d = *impl_;
  try {
    if (!d.have_datasets)
      d.createSampleDatasets(std::max<std::size_t>(1, final_info.channel_names.size()), false);
    fields::trial(final_info, h5::WriteMetadata{d.trial_group, fields::Where::TrialEnd,
                                                !final_info.raw_channel_names.empty()});
    h5::writeInt(d.trial_group, "sample_count", static_cast<std::int64_t>(d.samples));
    H5::Group acq = h5::createGroup(d.trial_group, "acquisition");
    for (const auto& [name, value] : acquisition) h5::writeInt(acq, name, value);
  } catch (const H5::Exception& e) {
    throw StoreError("cannot finish the trial in " + d.partial.string() + ": " + h5::describe(e));
  }
}

void SessionFileWriter::commit() {
  const auto hdf5 = h5::libraryLock();
  Impl& d = *impl_;
  try {
    d.file.flush(H5F_SCOPE_GLOBAL);
  } catch (const H5::Exception& e) {
    d.closeAll();
    throw StoreError("cannot write " + d.partial.string() + ": " + h5::describe(e));
  }
  d.closeAll();
  commitReplacement(d.partial, d.path);
  d.lock.reset();
}

void SessionFileWriter::abandon() {
  const auto hdf5 = h5::libraryLock();
  Impl& d = *impl_;
  d.closeAll();
  std::error_code ignored;
  fs::remove(d.partial, ignored);
  d.lock.reset();
}

}  // namespace holdfast::store

namespace holdfast::store {

namespace {

void writeRecord(const fs::path& path, const SessionRecord& record,
                 SessionFileWriter::Locking lock) {
  std::error_code ec;
  if (fs::exists(path, ec)) throw StoreError(path.string() + " exists already");
  for (const TrialRecord& t : record.trials) {
    SessionFileWriter w(path, record.info, t.info, lock);
    w.appendTrialData(t);
    w.finish(t.info, t.acquisition);
    w.commit();
  }
}

}  // namespace

void writeSessionRecord(const fs::path& path, const SessionRecord& record) {
  const SessionLock lock(path);
  writeRecord(path, record, SessionFileWriter::Locking::TakeSessionLock);
}

namespace {

/// Changes one trial's metadata: the file is written whole beside the session, then renamed
/// over it, so a crash leaves one or the other.
template <class Change>
void rewriteTrial(const fs::path& path, int trial_number, Change&& change) {
  const SessionLock lock(path);
  SessionRecord record = readSessionFile(path);
  bool found = false;
  for (TrialRecord& t : record.trials) {
    if (t.info.number == trial_number) {
      change(t.info);
      found = true;
    }
  }
  if (!found) {
    throw StoreError(path.string() + " has no trial " + std::to_string(trial_number));
  }
  // A private name: the file is written whole there (no lock of its own: nobody else knows it).
  const fs::path next = uniqueTemporaryName(path);
  std::error_code ec;
  writeRecord(next, record, SessionFileWriter::Locking::PrivateFile);
  try {
    commitReplacement(next, path);
  } catch (const StoreError&) {
    fs::remove(next, ec);
    throw;
  }
}

}  // namespace

void excludeTrial(const fs::path& path, int trial_number, const std::string& reason) {
  if (reason.empty()) throw StoreError("a trial is excluded with a reason");
  rewriteTrial(path, trial_number, [&](TrialInfo& t) {
    t.excluded = reason;
    t.included.clear();
  });
}

void includeTrial(const fs::path& path, int trial_number, const std::string& reason) {
  if (reason.empty()) throw StoreError("a trial is included with a reason");
  rewriteTrial(path, trial_number, [&](TrialInfo& t) {
    t.excluded.clear();
    t.included = reason;
  });
}

}  // namespace holdfast::store
