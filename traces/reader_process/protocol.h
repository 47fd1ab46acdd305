// What load_surface (traces/contained_read.cc) and the reader process it
// starts (reader_process/main.cc) agree on: the descriptors the reader
// inherits, the size of the progress page, the exit status of a reader that
// could not deliver.
#ifndef EDGETUNE_TRACES_READER_PROCESS_PROTOCOL_H_
#define EDGETUNE_TRACES_READER_PROCESS_PROTOCOL_H_

#include <cstddef>

namespace traces::reader_process {

constexpr char kExecutableName[] = "edgetune-surface-reader";
constexpr int kResultFd = 3;    // in-memory file: 'S' + surface or 'E' + error
constexpr int kNoteFd = 4;      // shared page: what is read next
constexpr int kFinishedFd = 5;  // pipe: closes when the reader ends
constexpr std::size_t kProgressNoteSize = 256;
// The reader ran but could not hand its result over (bad arguments, no
// progress page, a failed write): the process, not the file.
constexpr int kCannotWriteResult = 3;

}  // namespace traces::reader_process

#endif  // EDGETUNE_TRACES_READER_PROCESS_PROTOCOL_H_
