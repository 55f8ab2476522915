#pragma once
// Statistics of a comparison: confidence intervals for proportions and means.
#include <cstdint>

namespace tankersim::compare {

struct Interval {
  double estimate;
  double lo;
  double hi;
};

/// Wilson score interval for k successes in n trials at 95% (z = 1.959964): E. B. Wilson, 1927,
/// "Probable inference, the law of succession, and statistical inference", JASA 22(158). Unlike
/// the normal (Wald) interval it stays inside [0, 1] and keeps its coverage near p = 0 or 1.
Interval wilson(std::uint64_t k, std::uint64_t n, double z = 1.959963984540054);

/// The 97.5% quantile of Student's t with df degrees of freedom (two-sided 95%): table values
/// for df < 10, else the Abramowitz and Stegun 26.7.5 expansion around the normal quantile
/// (within 2e-4 of the tables from df = 10).
double t975(std::uint64_t df);

/// Running mean and variance (Welford 1962), for t intervals of means.
class Moments {
 public:
  void add(double x) {
    ++n_;
    const double d = x - mean_;
    mean_ += d / static_cast<double>(n_);
    m2_ += d * (x - mean_);
  }
  std::uint64_t count() const { return n_; }
  double mean() const { return mean_; }
  double variance() const { return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : 0.0; }
  /// mean +- t(0.975, n - 1) s / sqrt(n); a single value gives a zero-width interval.
  Interval interval() const;

 private:
  std::uint64_t n_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;
};

}  // namespace tankersim::compare
