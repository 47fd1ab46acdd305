// What an offline-trained method (dvfo, maple-edge) learns before any run:
// trained once per training set and shared read-only by every run
// (trained_models.h), written out by `edgetune train` and by a sweep's
// training step, and read back (the registry's load hook) by the shards of
// a sweep, so a sweep trains once however many machines run it.
#ifndef EDGETUNE_CORE_OPTIMIZERS_TRAINED_MODEL_H_
#define EDGETUNE_CORE_OPTIMIZERS_TRAINED_MODEL_H_

#include <ostream>

namespace core {

class TrainedModel {
 public:
  virtual ~TrainedModel() = default;
  // The weights as text, every number to 17 significant digits (sets the
  // stream's precision), so the method's load() reads them back bit for bit.
  virtual void save(std::ostream& out) const = 0;

  double training_seconds = 0.0;  // CPU time the training took
};

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_TRAINED_MODEL_H_
