#include "traces/hdf5_util.h"

namespace traces {

void silence_hdf5_errors() { H5::Exception::dontPrint(); }

H5::DSetCreatPropList deterministic_dataset_properties() {
  H5::DSetCreatPropList properties;
  H5Pset_obj_track_times(properties.getId(), false);
  return properties;
}

H5::Group create_group(const H5::Group& parent, const std::string& name) {
  const hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
  H5Pset_obj_track_times(gcpl, false);
  const hid_t id = H5Gcreate2(parent.getId(), name.c_str(), H5P_DEFAULT, gcpl, H5P_DEFAULT);
  H5Pclose(gcpl);
  if (id < 0) throw H5::GroupIException("create_group", "cannot create " + name);
  // The wrapper takes its own reference; drop ours so the group (and with
  // it the file) really closes when the wrapper goes.
  H5::Group group(id);
  H5Gclose(id);
  return group;
}

void write_string_attribute(const H5::H5Object& object, const std::string& name,
                            const std::string& value) {
  H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  type.setCset(H5T_CSET_UTF8);
  H5::Attribute attribute = object.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
  attribute.write(type, value);
}

void write_int_attribute(const H5::H5Object& object, const std::string& name, long long value) {
  H5::Attribute attribute =
      object.createAttribute(name, H5::PredType::STD_I64LE, H5::DataSpace(H5S_SCALAR));
  attribute.write(H5::PredType::NATIVE_LLONG, &value);
}

}  // namespace traces
