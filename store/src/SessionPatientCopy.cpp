#include "holdfast/store/SessionPatientCopy.h"

#include <H5Cpp.h>

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

void rewriteResults(H5::Group g, const std::function<std::string(const std::string&)>& rewrite) {
  if (const auto json = h5::readString(g, "results_json")) {
    g.removeAttr("results_json");
    h5::writeString(g, "results_json", rewrite(*json));
  }
}

}  // namespace

void copySessionForPatient(const fs::path& from, const fs::path& to, const std::string& patient_id,
                           const std::function<std::string(const std::string&)>& rewrite_results) {
  const SessionLock source_lock(from), target_lock(to);
  const auto hdf5 = h5::libraryLock();  // after the sessions' locks, which may wait
  H5::Exception::dontPrint();
  std::error_code ec;
  if (fs::exists(to, ec)) throw StoreError(to.string() + " exists already");
  requireSessionSchema(from);
  const fs::path partial = uniqueTemporaryName(to);
  try {
    {
      H5::H5File file = h5::copyFileWithout(from.string(), partial.string(), {});
      H5::Group session = file.openGroup("session");
      const std::string was = h5::readString(session, "patient_id").value_or("");
      session.removeAttr("patient_id");
      h5::writeString(session, "patient_id", patient_id);
      if (session.attrExists("merged_from")) session.removeAttr("merged_from");
      h5::writeString(session, "merged_from", was);
      if (file.nameExists("analysis")) rewriteResults(file.openGroup("analysis"), rewrite_results);
      if (file.nameExists("analysis_history")) {
        H5::Group history = file.openGroup("analysis_history");
        for (hsize_t i = 0; i < history.getNumObjs(); ++i)
          rewriteResults(history.openGroup(history.getObjnameByIdx(i)), rewrite_results);
      }
      file.flush(H5F_SCOPE_GLOBAL);
    }
    commitReplacement(partial, to);
  } catch (const H5::Exception& e) {
    fs::remove(partial, ec);
    throw StoreError("cannot copy " + from.string() + " for patient " + patient_id + ": " +
                     h5::describe(e));
  } catch (...) {
    fs::remove(partial, ec);
    throw;
  }
}

}  // namespace holdfast::store
