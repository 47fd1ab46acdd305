#include "experiments/surfaces/sample_design.h"

#include <algorithm>
#include <boost/random/sobol.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "core/errors.h"
#include "core/text.h"

namespace experiments {
namespace {

// Levels of each knob, for mapping a point of [0, 1)^d to a configuration.
std::vector<int> level_counts(const core::ConfigSpace& space) {
  std::vector<int> counts;
  for (const core::Knob& knob : space.knobs())
    counts.push_back(static_cast<int>(knob.values.size()));
  return counts;
}

std::size_t index_of(const core::ConfigSpace& space, const std::vector<double>& unit) {
  core::Config c;
  for (std::size_t k = 0; k < space.num_knobs(); ++k) {
    const int levels = static_cast<int>(space.knob(k).values.size());
    c.level.push_back(std::min(levels - 1, static_cast<int>(unit[k] * levels)));
  }
  return space.index(c);
}

// Adds `index` unless chosen already.
struct Chosen {
  explicit Chosen(std::size_t points) : taken(points, false) {}
  bool add(std::size_t index) {
    if (taken[index]) return false;
    taken[index] = true;
    order.push_back(index);
    return true;
  }
  std::vector<bool> taken;
  std::vector<std::size_t> order;
};

// Fills `chosen` up to `n` with configurations drawn at random.
void fill_at_random(Chosen& chosen, std::size_t n, std::mt19937_64& rng) {
  std::vector<std::size_t> rest;
  for (std::size_t i = 0; i < chosen.taken.size(); ++i)
    if (!chosen.taken[i]) rest.push_back(i);
  std::shuffle(rest.begin(), rest.end(), rng);
  for (std::size_t i = 0; chosen.order.size() < n && i < rest.size(); ++i) chosen.add(rest[i]);
}

void latin_hypercube(const core::ConfigSpace& space, std::size_t n, Chosen& chosen,
                     std::mt19937_64& rng) {
  const std::size_t d = space.num_knobs();
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<std::vector<std::size_t>> strata(d, std::vector<std::size_t>(n));
  for (auto& s : strata) {
    std::iota(s.begin(), s.end(), std::size_t{0});
    std::shuffle(s.begin(), s.end(), rng);
  }
  std::vector<double> unit(d);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < d; ++k)
      unit[k] = (static_cast<double>(strata[k][i]) + u(rng)) / static_cast<double>(n);
    chosen.add(index_of(space, unit));
  }
}

void sobol(const core::ConfigSpace& space, std::size_t n, Chosen& chosen, std::mt19937_64& rng) {
  const std::size_t d = space.num_knobs();
  boost::random::sobol engine(d);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> shift(d), unit(d);
  for (double& s : shift) s = u(rng);
  const double scale = std::ldexp(1.0, -64);
  // Enough of the sequence for n distinct configurations on any grid that
  // has them; the rest, if any, at random.
  for (std::size_t i = 0; i < 4 * n && chosen.order.size() < n; ++i) {
    for (std::size_t k = 0; k < d; ++k) {
      const double v = static_cast<double>(engine()) * scale + shift[k];
      unit[k] = v - std::floor(v);
    }
    chosen.add(index_of(space, unit));
  }
}

void maximin(const core::ConfigSpace& space, std::size_t n, Chosen& chosen, std::mt19937_64& rng) {
  const std::size_t points = space.size(), d = space.num_knobs();
  std::vector<double> position(points * d);
  for (std::size_t i = 0; i < points; ++i) {
    const core::Config c = space.config(i);
    for (std::size_t k = 0; k < d; ++k) {
      const double levels = static_cast<double>(space.knob(k).values.size());
      position[i * d + k] = levels > 1 ? c.level[k] / (levels - 1) : 0.0;
    }
  }
  // Candidates in a random order: the first of equally far ones wins.
  std::vector<std::size_t> candidates(points);
  std::iota(candidates.begin(), candidates.end(), std::size_t{0});
  std::shuffle(candidates.begin(), candidates.end(), rng);
  std::vector<double> nearest(points, std::numeric_limits<double>::infinity());
  const auto update = [&](std::size_t chosen_index) {
    for (std::size_t i = 0; i < points; ++i) {
      double squared = 0;
      for (std::size_t k = 0; k < d; ++k) {
        const double delta = position[i * d + k] - position[chosen_index * d + k];
        squared += delta * delta;
      }
      nearest[i] = std::min(nearest[i], squared);
    }
  };
  for (std::size_t index : chosen.order) update(index);
  while (chosen.order.size() < n) {
    std::size_t best = candidates.front();
    for (std::size_t i : candidates)
      if (nearest[i] > nearest[best]) best = i;
    if (!chosen.add(best)) break;  // every point chosen
    update(best);
  }
}

}  // namespace

SampleDesign parse_sample_design(const std::string& name) {
  if (name == "random") return SampleDesign::kRandom;
  if (name == "lhs") return SampleDesign::kLatinHypercube;
  if (name == "sobol") return SampleDesign::kSobol;
  if (name == "maximin") return SampleDesign::kMaximin;
  throw core::InputError("--design '" + core::printable(name) +
                         "' is not a design (random, lhs, sobol or maximin)");
}

std::string design_name(SampleDesign design) {
  switch (design) {
    case SampleDesign::kRandom:
      return "random";
    case SampleDesign::kLatinHypercube:
      return "lhs";
    case SampleDesign::kSobol:
      return "sobol";
    case SampleDesign::kMaximin:
      return "maximin";
  }
  return "random";
}

std::vector<std::size_t> sample_design(const core::ConfigSpace& space, std::size_t n,
                                       SampleDesign design, std::uint64_t seed) {
  const std::size_t points = space.size();
  n = std::min(n, points);
  Chosen chosen(points);
  if (n == 0) return {};
  core::Config top, bottom;
  for (int levels : level_counts(space)) {
    top.level.push_back(levels - 1);
    bottom.level.push_back(0);
  }
  chosen.add(space.index(top));
  if (n > 1) chosen.add(space.index(bottom));
  std::mt19937_64 rng(seed);
  switch (design) {
    case SampleDesign::kRandom:
      break;
    case SampleDesign::kLatinHypercube:
      latin_hypercube(space, n - chosen.order.size(), chosen, rng);
      break;
    case SampleDesign::kSobol:
      sobol(space, n, chosen, rng);
      break;
    case SampleDesign::kMaximin:
      maximin(space, n, chosen, rng);
      break;
  }
  chosen.order.resize(std::min(chosen.order.size(), n));
  fill_at_random(chosen, n, rng);
  return chosen.order;
}

}  // namespace experiments
