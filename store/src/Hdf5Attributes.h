#pragma once
// Small helpers over the HDF5 C++ API for the attribute kinds the schema uses. Strings are
// variable-length UTF-8, which h5py returns as str, and MATLAB and R's rhdf5 read natively.

#include <H5Cpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace holdfast::store::h5 {

void writeString(H5::H5Object& obj, const std::string& name, const std::string& value);
void writeStrings(H5::H5Object& obj, const std::string& name,
                  const std::vector<std::string>& values);
void writeDouble(H5::H5Object& obj, const std::string& name, double value);
void writeInt(H5::H5Object& obj, const std::string& name, std::int64_t value);

[[nodiscard]] std::optional<std::string> readString(const H5::H5Object& obj,
                                                    const std::string& name);
[[nodiscard]] std::vector<std::string> readStrings(const H5::H5Object& obj,
                                                   const std::string& name);
/// Every attribute of the object read as a 64-bit integer, in creation order.
[[nodiscard]] std::vector<std::pair<std::string, std::int64_t>> readIntAttributes(
    const H5::H5Object& obj);
/// The names of the object's attributes, in one pass over its header.
[[nodiscard]] std::vector<std::string> attributeNames(const H5::H5Object& obj);
[[nodiscard]] std::optional<double> readDouble(const H5::H5Object& obj, const std::string& name);
[[nodiscard]] std::optional<std::int64_t> readInt(const H5::H5Object& obj, const std::string& name);

/// The message of an HDF5 exception, without the library's stack dump.
[[nodiscard]] std::string describe(const H5::Exception& e);

}  // namespace holdfast::store::h5
