#include "experiments/sweep/model_cache.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "core/errors.h"
#include "core/seed.h"
#include "experiments/sweep/git_commit.h"  // generated: EDGETUNE_GIT_COMMIT
#include "experiments/sweep/weights_file.h"

namespace fs = std::filesystem;

namespace experiments {
namespace {

// Two independent 64-bit streams over the key's parts: 128 bits, so two
// different inputs sharing an entry is not a concern for a cache of
// hundreds of entries.
class KeyHash {
 public:
  void add(std::uint64_t word) {
    a_ = core::mix64(a_ ^ word);
    b_ = core::mix64(b_ + core::mix64(word ^ 0x5bd1e9955bd1e995ULL));
  }
  void add(double value) {
    std::uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    add(bits);
  }
  void add(const std::string& text) {
    add(static_cast<std::uint64_t>(text.size()));
    add(core::hash_name(text));
  }
  std::string hex() const { return fmt::format("{:016x}{:016x}", a_, b_); }

 private:
  std::uint64_t a_ = 0x243f6a8885a308d3ULL;
  std::uint64_t b_ = 0x13198a2e03707344ULL;
};

// What identifies this build beyond its version: the executable's size and
// modification time (a rebuilt binary may train differently).
std::string build_identity() {
  struct stat info {};
  if (stat("/proc/self/exe", &info) != 0) return "unknown";
  return fmt::format("{}:{}.{}", info.st_size, info.st_mtim.tv_sec, info.st_mtim.tv_nsec);
}

std::string cache_key(const std::string& optimizer, const core::OptimizerContext& context) {
  KeyHash h;
  h.add(std::string("edgetune-model-cache 1"));
  h.add(std::string(EDGETUNE_VERSION));
  h.add(std::string(EDGETUNE_GIT_COMMIT));
  static const std::string build = build_identity();
  h.add(build);
  h.add(optimizer);
  for (const core::PowerMode& mode : context.power_modes) {
    h.add(mode.name);
    for (const auto& [knob, cap] : mode.max_value) {
      h.add(knob);
      h.add(cap);
    }
  }
  std::vector<const core::TrainingSurface*> surfaces;
  for (const auto& s : context.training_surfaces) surfaces.push_back(s.get());
  std::sort(surfaces.begin(), surfaces.end(),
            [](const auto* x, const auto* y) { return x->name < y->name; });
  for (const core::TrainingSurface* s : surfaces) {
    h.add(s->name);
    h.add(s->device);
    h.add(s->model);
    for (const core::Knob& knob : s->space.knobs()) {
      h.add(knob.name);
      for (double v : knob.values) h.add(v);
    }
    for (double v : s->throughput_fps) h.add(v);
    for (double v : s->power_w) h.add(v);
  }
  return h.hex();
}

}  // namespace

std::optional<ModelCache> ModelCache::user_cache() {
  std::string base;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    base = std::string(home) + "/.cache";
  } else {
    return std::nullopt;
  }
  std::uint64_t max_bytes = kDefaultMaxBytes;
  if (const char* mb = std::getenv("EDGETUNE_MODEL_CACHE_MB"); mb && *mb) {
    char* end = nullptr;
    const unsigned long long value = std::strtoull(mb, &end, 10);
    if (*end != '\0') {
      throw core::InputError(std::string("EDGETUNE_MODEL_CACHE_MB='") + mb +
                             "': give the cache's bound in whole megabytes");
    }
    max_bytes = static_cast<std::uint64_t>(value) << 20;
  }
  return ModelCache(base + "/edgetune/models", max_bytes);
}

ModelCache::ModelCache(std::string dir, std::uint64_t max_bytes)
    : dir_(std::move(dir)), max_bytes_(max_bytes) {}

std::string ModelCache::path(const std::string& optimizer,
                             const core::OptimizerContext& context) const {
  return dir_ + "/" + optimizer + "-" + cache_key(optimizer, context) + ".weights";
}

std::shared_ptr<const core::TrainedModel> ModelCache::find(
    const std::string& optimizer, const core::OptimizerContext& context) const {
  const std::string entry = path(optimizer, context);
  std::error_code error;
  if (!fs::is_regular_file(entry, error)) return nullptr;
  try {
    auto model = read_weights_file(entry, optimizer, context);
    fs::last_write_time(entry, fs::file_time_type::clock::now(), error);
    return model;
  } catch (const core::InputError&) {
    fs::remove(entry, error);  // damaged (a disk full mid-write elsewhere): train again
    return nullptr;
  }
}

void ModelCache::store(const std::string& optimizer, const traces::Surface& target,
                       const core::OptimizerContext& context,
                       const core::TrainedModel& model) const {
  std::error_code error;
  fs::create_directories(dir_, error);
  if (error) {
    throw core::InputError(dir_ + ": cannot create the model cache (" + error.message() +
                           "); set XDG_CACHE_HOME elsewhere or pass --no-model-cache");
  }
  write_weights_file(path(optimizer, context), optimizer, target, context, model);
  evict();
}

void ModelCache::evict() const {
  struct Entry {
    fs::path path;
    fs::file_time_type used;
    std::uintmax_t bytes;
  };
  std::vector<Entry> entries;
  std::uintmax_t total = 0;
  std::error_code error;
  for (const auto& file : fs::directory_iterator(dir_, error)) {
    if (file.path().extension() != ".weights") continue;
    std::error_code ignored;
    const Entry e{file.path(), fs::last_write_time(file.path(), ignored),
                  fs::file_size(file.path(), ignored)};
    total += e.bytes;
    entries.push_back(e);
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& x, const Entry& y) { return x.used < y.used; });
  for (const Entry& e : entries) {
    if (total <= max_bytes_) break;
    std::error_code ignored;
    if (fs::remove(e.path, ignored)) total -= e.bytes;
  }
}

}  // namespace experiments
