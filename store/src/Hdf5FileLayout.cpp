#include "Hdf5FileLayout.h"

#include <algorithm>
#include <string>

#include "Hdf5Handle.h"

namespace holdfast::store::h5 {
namespace {

constexpr unsigned kCompactMax = 64;  // links or attributes kept in the object header
constexpr unsigned kDenseMin = 48;    // back to compact below this (must be < kCompactMax)

H5::FileAccPropList formatBounds() {
  H5::FileAccPropList access;
  access.setLibverBounds(H5F_LIBVER_V18, H5F_LIBVER_V18);
  return access;
}

void check(herr_t status, const char* what, const std::string& name) {
  if (status < 0) throw H5::AttributeIException("copyAttribute", std::string(what) + " " + name);
}

/// Copies one attribute of `from` to `to` through memory, in its own type (variable-length
/// strings included, then released). Every C call is checked; a failure names the attribute.
void copyAttribute(hid_t from, hid_t to, const char* name) {
  const Handle attr(H5Aopen(from, name, H5P_DEFAULT), H5Aclose, "cannot open attribute", name);
  const Handle file_type(H5Aget_type(attr.get()), H5Tclose, "cannot read the type of", name);
  const Handle mem_type(H5Tget_native_type(file_type.get(), H5T_DIR_DEFAULT), H5Tclose,
                        "no native type for", name);
  const Handle space(H5Aget_space(attr.get()), H5Sclose, "cannot read the shape of", name);
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  const std::size_t size = H5Tget_size(mem_type.get());
  if (n < 0 || size == 0)
    throw H5::AttributeIException("copyAttribute", std::string("bad attribute ") + name);
  std::vector<unsigned char> buf(static_cast<std::size_t>(std::max<hssize_t>(n, 1)) * size);
  check(H5Aread(attr.get(), mem_type.get(), buf.data()), "cannot read attribute", name);
  const htri_t vlen = H5Tdetect_class(mem_type.get(), H5T_VLEN);
  const htri_t vstr = H5Tis_variable_str(mem_type.get());
  check(vlen < 0 || vstr < 0 ? -1 : 0, "cannot classify the type of", name);
  herr_t written = -1;
  {
    const hid_t copy = H5Acreate2(to, name, file_type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT);
    if (copy >= 0) {
      written = H5Awrite(copy, mem_type.get(), buf.data());
      if (H5Aclose(copy) < 0) written = -1;
    }
  }
  // The library allocated the variable-length parts: give them back before any throw.
  const herr_t reclaimed =
      vlen > 0 || vstr > 0 ? H5Dvlen_reclaim(mem_type.get(), space.get(), H5P_DEFAULT, buf.data())
                           : 0;
  check(written, "cannot copy attribute", name);
  check(reclaimed, "cannot release the strings of", name);
}

}  // namespace

H5::H5File createFile(const std::string& path) {
  H5::FileCreatPropList create;
  create.setIstorek(2);  // the default node is sized for thousands of chunks: 8 kB per file
  return H5::H5File(path, H5F_ACC_TRUNC, create, formatBounds());
}

H5::H5File copyFileWithout(const std::string& from, const std::string& to,
                           const std::vector<std::string>& leave_out) {
  H5::H5File source(from, H5F_ACC_RDONLY);
  H5::H5File target = createFile(to);
  const hid_t src = source.getId(), dst = target.getId();
  std::vector<std::string> names;
  if (H5Aiterate2(
          src, H5_INDEX_NAME, H5_ITER_INC, nullptr,
          [](hid_t, const char* name, const H5A_info_t*, void* out) -> herr_t {
            static_cast<std::vector<std::string>*>(out)->emplace_back(name);
            return 0;
          },
          &names) < 0) {
    throw H5::FileIException("copyFileWithout", "cannot list the attributes of " + from);
  }
  for (const std::string& name : names) copyAttribute(src, dst, name.c_str());
  const hsize_t objects = source.getNumObjs();
  for (hsize_t i = 0; i < objects; ++i) {
    const std::string name = source.getObjnameByIdx(i);
    if (std::find(leave_out.begin(), leave_out.end(), name) != leave_out.end()) continue;
    if (H5Ocopy(src, name.c_str(), dst, name.c_str(), H5P_DEFAULT, H5P_DEFAULT) < 0)
      throw H5::FileIException("copyFileWithout", "cannot copy " + name + " from " + from);
  }
  return target;
}

H5::Group createGroup(const H5::Group& parent, const std::string& name) {
  const hid_t props = H5Pcreate(H5P_GROUP_CREATE);
  if (props < 0) throw H5::GroupIException("createGroup", "cannot make group properties");
  const bool set = H5Pset_link_phase_change(props, kCompactMax, kDenseMin) >= 0 &&
                   H5Pset_attr_phase_change(props, kCompactMax, kDenseMin) >= 0;
  const hid_t id =
      set ? H5Gcreate2(parent.getId(), name.c_str(), H5P_DEFAULT, props, H5P_DEFAULT) : -1;
  H5Pclose(props);
  if (id < 0) throw H5::GroupIException("createGroup", "cannot create group " + name);
  H5::Group group(id);
  H5Gclose(id);  // H5::Group(id) took its own reference
  return group;
}

}  // namespace holdfast::store::h5
