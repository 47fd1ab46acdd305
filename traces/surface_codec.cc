#include "traces/surface_codec.h"

#include <cstdint>
#include <cstring>

#include "core/errors.h"

namespace traces {
namespace {

class Writer {
 public:
  void count(std::uint64_t n) { raw(&n, sizeof n); }
  void text(const std::string& s) {
    count(s.size());
    out_.append(s);
  }
  void doubles(const std::vector<double>& v) {
    count(v.size());
    raw(v.data(), v.size() * sizeof(double));
  }
  std::string take() { return std::move(out_); }

 private:
  void raw(const void* data, std::size_t size) {
    out_.append(static_cast<const char*>(data), size);
  }
  std::string out_;
};

class Reader {
 public:
  explicit Reader(const std::string& in) : in_(in) {}
  std::uint64_t count() {
    std::uint64_t n = 0;
    raw(&n, sizeof n);
    return n;
  }
  std::string text() {
    const std::uint64_t n = count();
    need(n);
    std::string s = in_.substr(at_, n);
    at_ += n;
    return s;
  }
  std::vector<double> doubles() {
    const std::uint64_t n = count();
    if (n > (in_.size() - at_) / sizeof(double)) truncated();
    std::vector<double> v(n);
    raw(v.data(), n * sizeof(double));
    return v;
  }
  bool done() const { return at_ == in_.size(); }

 private:
  void raw(void* data, std::size_t size) {
    need(size);
    if (size) std::memcpy(data, in_.data() + at_, size);
    at_ += size;
  }
  void need(std::uint64_t size) const {
    if (size > in_.size() - at_) truncated();
  }
  [[noreturn]] static void truncated() {
    throw core::InputError("internal error: a surface read in a child process arrived truncated");
  }
  const std::string& in_;
  std::size_t at_ = 0;
};

void encode_metrics(Writer& w, const std::map<std::string, Metric>& metrics) {
  w.count(metrics.size());
  for (const auto& [name, m] : metrics) {
    w.text(name);
    w.text(m.unit);
    w.doubles(m.values);
  }
}

std::map<std::string, Metric> decode_metrics(Reader& r) {
  std::map<std::string, Metric> metrics;
  for (std::uint64_t n = r.count(), i = 0; i < n; ++i) {
    const std::string name = r.text();
    Metric& m = metrics[name];
    m.unit = r.text();
    m.values = r.doubles();
  }
  return metrics;
}

}  // namespace

std::string encode_surface(const Surface& s) {
  Writer w;
  for (const std::string* text : {&s.path, &s.device, &s.model, &s.provenance, &s.description})
    w.text(*text);
  w.count(s.space.num_knobs());
  for (const core::Knob& knob : s.space.knobs()) {
    w.text(knob.name);
    w.text(knob.unit);
    w.doubles(knob.values);
  }
  encode_metrics(w, s.metrics);
  encode_metrics(w, s.metrics_std);
  w.count(s.repeats.size());
  for (const auto& [name, m] : s.repeats) {
    w.text(name);
    w.text(m.unit);
    w.count(m.repeats);
    w.doubles(m.values);
  }
  w.text(std::string(s.measured.begin(), s.measured.end()));
  w.text(s.completion.method);
  w.text(s.completion.parameters);
  w.count(s.completion.readings);
  return w.take();
}

Surface decode_surface(const std::string& bytes) {
  Reader r(bytes);
  Surface s;
  for (std::string* text : {&s.path, &s.device, &s.model, &s.provenance, &s.description})
    *text = r.text();
  std::vector<core::Knob> knobs;
  for (std::uint64_t n = r.count(), i = 0; i < n; ++i) {
    core::Knob knob;
    knob.name = r.text();
    knob.unit = r.text();
    knob.values = r.doubles();
    knobs.push_back(std::move(knob));
  }
  s.space = core::ConfigSpace(std::move(knobs));
  s.metrics = decode_metrics(r);
  s.metrics_std = decode_metrics(r);
  for (std::uint64_t n = r.count(), i = 0; i < n; ++i) {
    const std::string name = r.text();
    RepeatedMetric& m = s.repeats[name];
    m.unit = r.text();
    m.repeats = r.count();
    m.values = r.doubles();
  }
  const std::string measured = r.text();
  s.measured.assign(measured.begin(), measured.end());
  s.completion.method = r.text();
  s.completion.parameters = r.text();
  s.completion.readings = r.count();
  if (!r.done()) {
    throw core::InputError("internal error: a surface read in a child process has trailing bytes");
  }
  return s;
}

}  // namespace traces
