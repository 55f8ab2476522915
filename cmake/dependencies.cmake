# The third-party libraries of the installed modules, for the build (CMakeLists.txt) and for a
# program using an installed copy (tankersimConfig.cmake, where find_package becomes
# find_dependency so that a missing one makes find_package(tankersim) fail with its name).
# Eigen's types are in the geo headers (PUBLIC); the others are PRIVATE, but the libraries are
# static, so a program linking them links these too and needs their targets.
if(NOT COMMAND tankersim_find)
  macro(tankersim_find)
    find_package(${ARGV} REQUIRED)
  endmacro()
endif()
tankersim_find(Eigen3 3.4 NO_MODULE)
tankersim_find(GeographicLib)  # cmake/FindGeographicLib.cmake
tankersim_find(Boost 1.74)     # headers only: Boost.Geometry's R-trees in geo and route
tankersim_find(fmt)
tankersim_find(Threads)
# libyaml (C) parses scenarios: yaml-cpp 0.7 took ~300 ms for a 1,000-vessel file, libyaml ~10x
# less (sim/scenario/yaml_tree.hpp).
tankersim_find(LibYAML)        # cmake/FindLibYAML.cmake
