#include "holdfast/store/AnalysisResultsFile.h"

#include "AnalysisResultsGroup.h"

#include <H5Cpp.h>

#include <algorithm>
#include <cstdio>

#include "Hdf5Attributes.h"
#include "Hdf5FileLayout.h"
#include "Hdf5Lock.h"
#include "holdfast/store/AtomicFile.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/store/SessionLock.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::store {

namespace fs = std::filesystem;

namespace {

void writeColumn(H5::Group& g, const ResultsColumn& c) {
  const bool text = !c.texts.empty() || c.numbers.empty();
  const hsize_t n = text ? c.texts.size() : c.numbers.size();
  H5::DataSet ds;
  if (text) {
    H5::StrType t(H5::PredType::C_S1, H5T_VARIABLE);
    t.setCset(H5T_CSET_UTF8);
    ds = g.createDataSet(c.name, t, H5::DataSpace(1, &n));
    std::vector<const char*> ptrs;
    for (const auto& s : c.texts) ptrs.push_back(s.c_str());
    if (n > 0) ds.write(ptrs.data(), t);
  } else {
    ds = g.createDataSet(c.name, H5::PredType::NATIVE_DOUBLE, H5::DataSpace(1, &n));
    ds.write(c.numbers.data(), H5::PredType::NATIVE_DOUBLE);
  }
  if (!c.unit.empty()) h5::writeString(ds, "unit", c.unit);
}

}  // namespace

std::string writeAnalysisResults(const fs::path& session, const AnalysisResults& results,
                                 bool keep_previous, std::optional<std::size_t> analysed_trials) {
  std::size_t rows = 0;
  for (const auto& c : results.efforts) {
    const std::size_t n = c.texts.empty() ? c.numbers.size() : c.texts.size();
    if (&c != &results.efforts.front() && n != rows)
      throw StoreError("results columns differ in length");
    rows = n;
  }
  const SessionLock lock(session);
  const auto hdf5 = h5::libraryLock();  // after the session's lock, which may wait
  H5::Exception::dontPrint();
  requireSessionSchema(session);
  if (analysed_trials) {
    // A trial appended while the session was being analysed: these results describe the
    // session as it was, and are not stored over the one it is now.
    std::size_t now = 0;
    (void)readSessionInfo(session, &now);
    if (now != *analysed_trials)
      throw StoreError(session.string() + " changed while it was analysed (" +
                       std::to_string(*analysed_trials) + " trial(s) analysed, " +
                       std::to_string(now) + " now): analyse it again");
  }
  const fs::path partial = uniqueTemporaryName(session);
  std::error_code ec;
  std::string kept;
  try {
    {
      // The results replace any stored before: copied without them (see copyFileWithout).
      H5::H5File file = h5::copyFileWithout(session.string(), partial.string(), {"analysis"});
      if (keep_previous) {
        // ... unless they are to be kept: moved whole under /analysis_history.
        H5::H5File source(session.string(), H5F_ACC_RDONLY);
        if (source.nameExists("analysis")) {
          H5::Group history = file.nameExists("analysis_history")
                                  ? file.openGroup("analysis_history")
                                  : h5::createGroup(file, "analysis_history");
          char name[16];
          std::snprintf(name, sizeof name, "%03llu",
                        static_cast<unsigned long long>(history.getNumObjs() + 1));
          if (H5Ocopy(source.getId(), "analysis", history.getId(), name, H5P_DEFAULT, H5P_DEFAULT) <
              0)
            throw StoreError("cannot keep the earlier analysis of " + session.string());
          kept = std::string("/analysis_history/") + name;
        }
      }
      H5::Group g = h5::createGroup(file, "analysis");
      h5::writeString(g, "results_json", results.results_json);
      h5::writeString(g, "software_version", results.software_version);
      h5::writeString(g, "created_utc", results.created_utc);
      H5::Group method = h5::createGroup(g, "method");
      for (const auto& [key, value] : results.method) h5::writeString(method, key, value);
      H5::Group efforts = h5::createGroup(g, "efforts");
      h5::writeInt(efforts, "rows", static_cast<std::int64_t>(rows));
      // HDF5 lists a group's members by name: the table's order is kept beside them.
      std::vector<std::string> order;
      for (const auto& c : results.efforts) order.push_back(c.name);
      h5::writeStrings(efforts, "column_order", order);
      for (const auto& c : results.efforts) writeColumn(efforts, c);
      file.flush(H5F_SCOPE_GLOBAL);
    }
    commitReplacement(partial, session);
    return kept;
  } catch (const H5::Exception& e) {
    fs::remove(partial, ec);
    throw StoreError("cannot store the results in " + session.string() + ": " + h5::describe(e));
  } catch (...) {
    fs::remove(partial, ec);
    throw;
  }
}

std::optional<AnalysisResults> readAnalysisResults(const fs::path& session) {
  const auto hdf5 = h5::libraryLock();
  H5::Exception::dontPrint();
  try {
    return readAnalysisResultsIn(H5::H5File(session.string(), H5F_ACC_RDONLY));
  } catch (const H5::Exception& e) {
    throw StoreError(session.string() + ": cannot read the stored results (" + h5::describe(e) +
                     ")");
  }
}

std::optional<AnalysisResults> readAnalysisResultsIn(const H5::H5File& file) {
  {
    if (!file.nameExists("analysis")) return std::nullopt;
    const H5::Group g = file.openGroup("analysis");
    AnalysisResults r;
    r.results_json = h5::readString(g, "results_json").value_or("");
    r.software_version = h5::readString(g, "software_version").value_or("");
    r.created_utc = h5::readString(g, "created_utc").value_or("");
    if (!g.nameExists("efforts")) return r;
    const H5::Group efforts = g.openGroup("efforts");
    std::vector<std::string> order = h5::readStrings(efforts, "column_order");
    if (order.empty()) {
      for (hsize_t i = 0; i < efforts.getNumObjs(); ++i) order.push_back(efforts.getObjnameByIdx(i));
    }
    for (const std::string& name : order) {
      const H5::DataSet ds = efforts.openDataSet(name);
      hsize_t n = 0;
      ds.getSpace().getSimpleExtentDims(&n);
      ResultsColumn c;
      c.name = name;
      c.unit = h5::readString(ds, "unit").value_or("");
      if (ds.getTypeClass() == H5T_STRING) {
        H5::StrType t(H5::PredType::C_S1, H5T_VARIABLE);
        t.setCset(H5T_CSET_UTF8);
        std::vector<char*> ptrs(n, nullptr);
        if (n > 0) ds.read(ptrs.data(), t);
        for (char* p : ptrs) c.texts.emplace_back(p ? p : "");
        if (n > 0) H5::DataSet::vlenReclaim(ptrs.data(), t, ds.getSpace());
      } else {
        c.numbers.resize(n);
        if (n > 0) ds.read(c.numbers.data(), H5::PredType::NATIVE_DOUBLE);
      }
      r.efforts.push_back(std::move(c));
    }
    return r;
  }
}

std::optional<std::string> readAnalysisJson(const fs::path& session) {
  const auto hdf5 = h5::libraryLock();
  H5::Exception::dontPrint();
  try {
    H5::H5File file(session.string(), H5F_ACC_RDONLY);
    if (!file.nameExists("analysis")) return std::nullopt;
    return h5::readString(file.openGroup("analysis"), "results_json");
  } catch (const H5::Exception& e) {
    throw StoreError(session.string() + ": cannot read the stored results (" + h5::describe(e) +
                     ")");
  }
}

std::vector<StoredAnalysis> readStoredAnalyses(const fs::path& session) {
  const auto hdf5 = h5::libraryLock();
  H5::Exception::dontPrint();
  std::vector<StoredAnalysis> out;
  const auto read = [](const H5::Group& g, const std::string& path) {
    return StoredAnalysis{path, h5::readString(g, "results_json").value_or(""),
                          h5::readString(g, "software_version").value_or(""),
                          h5::readString(g, "created_utc").value_or("")};
  };
  try {
    H5::H5File file(session.string(), H5F_ACC_RDONLY);
    if (file.nameExists("analysis")) out.push_back(read(file.openGroup("analysis"), "/analysis"));
    if (file.nameExists("analysis_history")) {
      const H5::Group history = file.openGroup("analysis_history");
      std::vector<std::string> names;
      for (hsize_t i = 0; i < history.getNumObjs(); ++i)
        names.push_back(history.getObjnameByIdx(i));
      std::sort(names.rbegin(), names.rend());  // 003, 002, 001: newest first
      for (const std::string& n : names)
        out.push_back(read(history.openGroup(n), "/analysis_history/" + n));
    }
  } catch (const H5::Exception& e) {
    throw StoreError(session.string() + ": cannot read the stored results (" + h5::describe(e) +
                     ")");
  }
  return out;
}

}  // namespace holdfast::store
