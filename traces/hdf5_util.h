// Small helpers over the HDF5 C++ API shared by the surface reader and
// writer (and other HDF5 files edgetune writes). Internal to traces/.
#ifndef EDGETUNE_TRACES_HDF5_UTIL_H_
#define EDGETUNE_TRACES_HDF5_UTIL_H_

#include <H5Cpp.h>

#include <string>

namespace traces {

// Turns HDF5's automatic error-stack printing off for the process: edgetune
// reports its own one-line errors instead.
void silence_hdf5_errors();

// Property lists that keep output byte-deterministic: no object timestamps.
H5::DSetCreatPropList deterministic_dataset_properties();
// A new group `name` under `parent` without timestamps.
H5::Group create_group(const H5::Group& parent, const std::string& name);

// Writes a scalar variable-length UTF-8 string attribute (as h5py does).
void write_string_attribute(const H5::H5Object& object, const std::string& name,
                            const std::string& value);
// Writes a scalar 64-bit integer attribute.
void write_int_attribute(const H5::H5Object& object, const std::string& name, long long value);

}  // namespace traces

#endif  // EDGETUNE_TRACES_HDF5_UTIL_H_
