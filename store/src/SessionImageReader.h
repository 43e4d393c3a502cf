#pragma once
// A session read for its analysis without the HDF5 library (Hdf5Image.h): the same
// SessionRecord as readSessionFile(path, SessionParts::ForAnalysis) gives through the library,
// bit for bit (tests/store/SessionImageReaderTest.cpp), without the library's per-object cost
// (a batch over two-trial sessions took half the time; issue 28). Files are read whole when
// they are at most 64 MB.

#include <filesystem>
#include <optional>

#include "holdfast/store/SessionFileReader.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::store {

/// The session, or nullopt when the file holds anything the image reader does not read or that
/// the library's reader would refuse with its own words (a missing dataset, another schema
/// version, no HDF5 signature): the caller then reads it through the library, which gives the
/// record or the error. Throws StoreError ("...: cannot read the session (damaged: ...)") when
/// the file contradicts itself (h5image::Damaged): the library is not given it, since it
/// crashes on some such damage.
[[nodiscard]] std::optional<SessionRecord> readSessionImage(const std::filesystem::path& path);

/// readSessionFile through the HDF5 library only (SessionFileReader.cpp): the reference the
/// image reader is tested against, and what it falls back to.
[[nodiscard]] SessionRecord readSessionThroughLibrary(const std::filesystem::path& path,
                                                      SessionParts parts);

}  // namespace holdfast::store
