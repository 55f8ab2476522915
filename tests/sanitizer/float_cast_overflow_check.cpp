// (long long)1e300: undefined behaviour that GCC's -fsanitize=undefined does not check unless
// float-cast-overflow is named too (CMakeLists.txt). The test passes when UBSan reports it.
#include <cstdio>

int main() {
  volatile double big = 1e300;  // volatile: the compiler must not fold the conversion away
  const auto n = static_cast<long long>(big);
  std::printf("(long long)1e300 = %lld: not reported\n", n);
  return 0;
}
