#include "Hdf5FileLayout.h"

#include <algorithm>

namespace holdfast::store::h5 {
namespace {

constexpr unsigned kCompactMax = 64;  // links or attributes kept in the object header
constexpr unsigned kDenseMin = 48;    // back to compact below this (must be < kCompactMax)

H5::FileAccPropList formatBounds() {
  H5::FileAccPropList access;
  access.setLibverBounds(H5F_LIBVER_V18, H5F_LIBVER_V18);
  return access;
}

/// Copies one attribute of `from` to `to` through memory, in its own type (variable-length
/// strings included, then released).
void copyAttribute(hid_t from, hid_t to, const char* name) {
  const hid_t attr = H5Aopen(from, name, H5P_DEFAULT);
  const hid_t file_type = H5Aget_type(attr);
  const hid_t mem_type = H5Tget_native_type(file_type, H5T_DIR_DEFAULT);
  const hid_t space = H5Aget_space(attr);
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  std::vector<unsigned char> buf(static_cast<std::size_t>(std::max<hssize_t>(n, 1)) *
                                 H5Tget_size(mem_type));
  herr_t status = H5Aread(attr, mem_type, buf.data());
  hid_t copy = -1;
  if (status >= 0) {
    copy = H5Acreate2(to, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT);
    status = copy < 0 ? -1 : H5Awrite(copy, mem_type, buf.data());
    if (H5Tdetect_class(mem_type, H5T_VLEN) > 0 || H5Tis_variable_str(mem_type) > 0)
      H5Dvlen_reclaim(mem_type, space, H5P_DEFAULT, buf.data());
  }
  if (copy >= 0) H5Aclose(copy);
  H5Sclose(space);
  H5Tclose(mem_type);
  H5Tclose(file_type);
  H5Aclose(attr);
  if (status < 0)
    throw H5::AttributeIException("copyAttribute", std::string("cannot copy ") + name);
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
  H5Aiterate2(
      src, H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t, const char* name, const H5A_info_t*, void* out) -> herr_t {
        static_cast<std::vector<std::string>*>(out)->emplace_back(name);
        return 0;
      },
      &names);
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
  H5Pset_link_phase_change(props, kCompactMax, kDenseMin);
  H5Pset_attr_phase_change(props, kCompactMax, kDenseMin);
  const hid_t id = H5Gcreate2(parent.getId(), name.c_str(), H5P_DEFAULT, props, H5P_DEFAULT);
  H5Pclose(props);
  if (id < 0) throw H5::GroupIException("createGroup", "cannot create group " + name);
  H5::Group group(id);
  H5Gclose(id);  // H5::Group(id) took its own reference
  return group;
}

}  // namespace holdfast::store::h5
