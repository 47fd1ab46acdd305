// load_surface reads in a process of its own: damaged files that crash or hang
// libhdf5 become one line of error naming the file and what was read, and a
// good file arrives exactly as the in-process reader sees it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/errors.h"
#include "tests/support/run_binary.h"
#include "traces/surface_codec.h"
#include "traces/surface_file.h"
#include "traces/surface_reader.h"

namespace {

namespace fs = std::filesystem;

std::string bad_surface(const std::string& name) {
  return std::string(EDGETUNE_SOURCE_DIR) + "/tests/traces/bad-surfaces/" + name;
}

void expect_same(const traces::Surface& a, const traces::Surface& b) {
  EXPECT_EQ(a.path, b.path);
  EXPECT_EQ(a.device, b.device);
  EXPECT_EQ(a.model, b.model);
  EXPECT_EQ(a.provenance, b.provenance);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.space.knobs(), b.space.knobs());
  ASSERT_EQ(a.metrics.size(), b.metrics.size());
  for (const auto& [name, m] : a.metrics) {
    EXPECT_EQ(m.unit, b.metrics.at(name).unit) << name;
    // Bit for bit, NaNs included.
    ASSERT_EQ(m.values.size(), b.metrics.at(name).values.size()) << name;
    EXPECT_EQ(0, std::memcmp(m.values.data(), b.metrics.at(name).values.data(),
                             m.values.size() * sizeof(double)))
        << name;
  }
  EXPECT_EQ(a.metrics_std.size(), b.metrics_std.size());
  ASSERT_EQ(a.repeats.size(), b.repeats.size());
  for (const auto& [name, r] : a.repeats) {
    EXPECT_EQ(r.repeats, b.repeats.at(name).repeats);
    EXPECT_EQ(r.values.size(), b.repeats.at(name).values.size());
  }
}

TEST(ContainedReadTest, AGoodSurfaceArrivesAsTheInProcessReaderSeesIt) {
  const std::string path = testing_support::shipped("xavier-nx_yolov8x.h5");
  expect_same(traces::load_surface(path), traces::read_surface_in_process(path));
}

// The reader's address-space limit is about the file, not about its caller:
// a caller holding 4 GiB (Python with numpy or torch loaded) once had every
// load refused as "the file is corrupt", when the reader was a fork of it.
TEST(ContainedReadTest, ACallerHoldingGigabytesStillLoadsAGoodSurface) {
  constexpr std::size_t kReserved = std::size_t{5} << 30;
  void* reserved =
      mmap(nullptr, kReserved, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  ASSERT_NE(reserved, MAP_FAILED);
  const std::string path = testing_support::shipped("agx-orin_yolov8n.h5");
  EXPECT_NO_THROW({
    const traces::Surface s = traces::load_surface(path);
    EXPECT_EQ(s.space.size(), 34944u);
  });
  munmap(reserved, kReserved);
}

// The reader is a fresh process, not a fork of the caller: a lock another
// thread of the caller holds cannot stall it. Here a thread sits in libhdf5
// (thread-safe: one global lock per process) opening a FIFO no one writes,
// blocked in openat() with the library's lock held. A forked reader copied
// that lock held and waited for it until the wall-clock backstop (20 s),
// then reported a stall.
TEST(ContainedReadTest, ALockAnotherThreadHoldsCannotStallTheReader) {
  const std::string fifo =
      (fs::temp_directory_path() / ("edgetune-fifo-" + std::to_string(getpid()) + ".h5")).string();
  fs::remove(fifo);
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::atomic<pid_t> opener{0};
  std::thread blocked([&] {
    opener = static_cast<pid_t>(syscall(SYS_gettid));
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    const hid_t file = H5Fopen(fifo.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file >= 0) H5Fclose(file);
    H5Eclear2(H5E_DEFAULT);
  });
  // Wait until the thread is in openat() on the FIFO (its first syscall
  // field), that is inside H5Fopen.
  const auto in_openat = [&] {
    std::ifstream syscall_file("/proc/self/task/" + std::to_string(opener.load()) + "/syscall");
    long number = -1;
    return opener != 0 && (syscall_file >> number) && number == SYS_openat;
  };
  for (int i = 0; i < 500 && !in_openat(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_TRUE(in_openat()) << "the thread never blocked in libhdf5";

  const auto start = std::chrono::steady_clock::now();
  EXPECT_NO_THROW(traces::load_surface(testing_support::shipped("xavier-nx_yolov8x.h5")));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10))
      << "the reader waited for the caller's lock";

  // A writer that opens and closes lets the thread's open return.
  close(open(fifo.c_str(), O_WRONLY));
  blocked.join();
  fs::remove(fifo);
}

// A reader that cannot be started is the build's fault, not the file's.
TEST(ContainedReadTest, AMissingReaderIsNotBlamedOnTheFile) {
  setenv("EDGETUNE_SURFACE_READER", "/no/such/edgetune-surface-reader", 1);
  try {
    traces::load_surface(testing_support::shipped("xavier-nx_yolov8x.h5"));
    ADD_FAILURE() << "loaded without a reader";
  } catch (const core::InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("cannot start the surface reader /no/such/edgetune-surface-reader"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("EDGETUNE_SURFACE_READER"), std::string::npos) << message;
    EXPECT_EQ(message.find("corrupt"), std::string::npos) << message;
  }
  unsetenv("EDGETUNE_SURFACE_READER");
}

// The binary started by a bare name (from PATH) is named by dladdr as that
// bare name: a file called edgetune-surface-reader in the working
// directory must not be taken for the reader.
TEST(ContainedReadTest, AReaderInTheWorkingDirectoryIsNeverRun) {
  const fs::path dir = fs::temp_directory_path() / ("edgetune-cwd-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path planted = dir / "edgetune-surface-reader";
  const fs::path witness = dir / "planted-reader-ran";
  std::ofstream(planted) << "#!/bin/sh\ntouch " << witness.string() << "\n";
  fs::permissions(planted, fs::perms::owner_all);
  const fs::path bin = dir / "bin";
  fs::create_directories(bin);
  fs::copy_file(EDGETUNE_BINARY, bin / "edgetune");
  // Started by its bare name, from PATH, in the directory holding the plant.
  const std::string command = "cd '" + dir.string() + "' && PATH='" + bin.string() +
                              "':\"$PATH\" edgetune validate " +
                              testing_support::shipped("xavier-nx_yolov8x.h5") + " >/dev/null";
  EXPECT_EQ(std::system(command.c_str()), 0);
  EXPECT_FALSE(fs::exists(witness)) << "the planted reader ran";
  fs::remove_all(dir);
}

TEST(ContainedReadTest, TheCodecRoundTripsAndRefusesTruncatedBytes) {
  const traces::Surface s =
      traces::read_surface_in_process(testing_support::shipped("agx-orin_yolov8n.h5"));
  const std::string bytes = traces::encode_surface(s);
  expect_same(traces::decode_surface(bytes), s);
  EXPECT_THROW(traces::decode_surface(bytes.substr(0, bytes.size() - 1)), core::InputError);
  EXPECT_THROW(traces::decode_surface(bytes + "x"), core::InputError);
  EXPECT_THROW(traces::decode_surface(""), core::InputError);
}

// The six files of ../shared/bad-surfaces/: three crashed libhdf5 (SIGSEGV
// in H5HG_read or strlen(NULL)), three hung it.
TEST(ContainedReadTest, FilesThatCrashOrHangLibhdf5AreOneLineErrors) {
  for (const char* name : {"segv_flip_026.h5", "segv_flip_064.h5", "segv_flip_088.h5",
                           "hang_zero_028.h5", "hang_ffill_007.h5", "hang_ffill_003.h5"}) {
    const std::string path = bad_surface(name);
    ASSERT_TRUE(fs::exists(path)) << path;
    try {
      traces::load_surface(path);
      ADD_FAILURE() << name << " loaded";
    } catch (const core::InputError& e) {
      const std::string message = e.what();
      EXPECT_EQ(message.rfind(path + ": ", 0), 0u) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
      // What happens, not how long it takes: the load ends (a loop is cut
      // at the reader's deadline) in one line naming the file. Whether
      // libhdf5 crashes, loops or refuses these bytes depends on its state
      // in the reader process, so the kind of refusal is not asserted.
    }
  }
}

TEST(ContainedReadTest, ACrashNamesWhatWasBeingRead) {
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer's allocator lays the heap out otherwise: libhdf5 then
  // reads these bytes as an error instead of crashing on them.
  GTEST_SKIP() << "libhdf5 does not crash on this file under AddressSanitizer";
#endif
  try {
    traces::load_surface(bad_surface("segv_flip_026.h5"));
    FAIL();
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("attribute 'unit'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("crashed"), std::string::npos) << e.what();
  }
}

TEST(ContainedReadTest, EveryCommandThatReadsASurfaceSurvivesThem) {
  for (const std::string& command :
       {std::string("validate "), std::string("info "),
        std::string("oracle --goal max-throughput --surface "),
        std::string("run --optimizer random --goal max-throughput --surface ")}) {
    const auto r = testing_support::run_edgetune(command + bad_surface("segv_flip_064.h5"));
    EXPECT_EQ(r.exit_code, 2) << command << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << command << r.err;
  }
}

}  // namespace
