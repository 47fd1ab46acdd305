// Deterministic seed derivation: every random choice in edgetune flows from
// one user seed through these functions, never from time or thread order.
#ifndef EDGETUNE_CORE_SEED_H_
#define EDGETUNE_CORE_SEED_H_

#include <cstdint>
#include <string_view>

namespace core {

// SplitMix64 finaliser (Steele, Lea & Flood 2014): a bijective mix of a
// 64-bit word, so nearby inputs give unrelated outputs.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// FNV-1a of a string, for deriving seeds from names (surface, optimizer).
constexpr std::uint64_t hash_name(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// A child seed for stream `tag` of `parent`: derive_seed(run_seed, 1) seeds
// the device noise, derive_seed(run_seed, 2) the optimizer, and so on.
constexpr std::uint64_t derive_seed(std::uint64_t parent, std::uint64_t tag) {
  return mix64(parent ^ mix64(tag));
}

// The streams of one run. A run's seed is its cell's key (the sweep seed,
// surface, scenario and seed index; `run --seed` and `live --seed` give it
// directly), never the optimizer's name, so every method of a cell reads the
// same noise and a method registered twice draws the same choices.
enum class RunStream : std::uint64_t {
  kDeviceNoise = 1,         // the replayed device's readings
  kOptimizer = 2,           // the optimizer's own random choices
  kDriftedDeviceNoise = 3,  // the device after a drift
};
constexpr std::uint64_t stream_seed(std::uint64_t run_seed, RunStream stream) {
  return derive_seed(run_seed, static_cast<std::uint64_t>(stream));
}

}  // namespace core

#endif  // EDGETUNE_CORE_SEED_H_
