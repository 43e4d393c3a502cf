#pragma once
// How a session file is laid out on disk (docs/hdf5-schema.md, "Storage"). Every file the store
// creates or updates goes through these, so that the format and the metadata's size are decided
// in one place.

#include <H5Cpp.h>

#include <string>
#include <vector>

namespace holdfast::store::h5 {

/// Creates a new session file: the HDF5 1.8 file format (libver bounds 1.8..1.8, readable by
/// every HDF5 library since 1.8.0; 1.10's structures would shut out MATLAB releases built on
/// HDF5 1.8) and small chunk-index nodes (a trial's datasets have few chunks).
[[nodiscard]] H5::H5File createFile(const std::string& path);

/// An update (a trial appended, results stored) never edits a session in place: HDF5 1.8 files
/// keep no record of freed space, so every replaced object would stay in the file as dead bytes
/// (each `analyze` grew a session by its results, 9 kB), and every update would start a new
/// 4 kB heap for its strings. Instead `to` is created afresh and every object of `from` but
/// those named in `leave_out` is copied into it (H5Ocopy: chunks are copied as stored, not
/// recompressed), with the root's attributes; the caller adds what is new and renames `to` over
/// `from`.
[[nodiscard]] H5::H5File copyFileWithout(const std::string& from, const std::string& to,
                                         const std::vector<std::string>& leave_out);

/// A group whose links and attributes stay in its object header (up to 64 of each) instead of
/// the B-tree and heaps HDF5 would add after 8: a trial has about 20 attributes, the results
/// about 30 columns.
[[nodiscard]] H5::Group createGroup(const H5::Group& parent, const std::string& name);

}  // namespace holdfast::store::h5
