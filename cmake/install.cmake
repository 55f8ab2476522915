# What `cmake --install` (make install PREFIX=...) puts where (docs/install.md):
#   bin/tankersim                      the program
#   lib/tankersim/tankersim_gis.so     its GIS writer, loaded when a run asks for GIS files
#   lib/libtankersim_<module>.a        the modules' static libraries
#   include/tankersim/<module>/*.hpp   their public headers (the private ones stay under sim/)
#   share/tankersim/                   the data the program reads at run time
#   lib/cmake/tankersim/               tankersimConfig.cmake: find_package(tankersim)
include(CMakePackageConfigHelpers)
set(TANKERSIM_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/tankersim)

install(TARGETS tankersim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS tankersim_gis_plugin tankersim_mpi_plugin LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/tankersim)
list(TRANSFORM TANKERSIM_MODULES PREPEND tankersim_ OUTPUT_VARIABLE _tankersim_module_targets)
install(TARGETS tankersim_options tankersim_all ${_tankersim_module_targets} EXPORT tankersimTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY include/tankersim DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# The files sim/ opens at run time (geo::find_data_file), with the notes that carry their sources
# and licences (territorial-seas is ODbL: the attribution travels with it). The gazetteer is
# compiled in; countries-50m.geojson and pub151/ are read by tools/build_gazetteer.py only.
set(_tankersim_data ${PROJECT_SOURCE_DIR}/data)
install(FILES ${_tankersim_data}/README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/tankersim)
install(FILES ${_tankersim_data}/natural-earth/land-50m.geojson ${_tankersim_data}/natural-earth/README.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/tankersim/natural-earth)
install(FILES ${_tankersim_data}/territorial-seas/selected-10m.geojson ${_tankersim_data}/territorial-seas/README.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/tankersim/territorial-seas)
install(DIRECTORY ${_tankersim_data}/routing DESTINATION ${CMAKE_INSTALL_DATADIR}/tankersim)
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})

install(EXPORT tankersimTargets NAMESPACE tankersim:: DESTINATION ${TANKERSIM_CMAKE_DIR})
configure_package_config_file(cmake/tankersimConfig.cmake.in ${PROJECT_BINARY_DIR}/tankersimConfig.cmake
                              INSTALL_DESTINATION ${TANKERSIM_CMAKE_DIR}
                              PATH_VARS CMAKE_INSTALL_DATADIR)
# 0.x: a minor version may change the API (semantic versioning), so only the same minor matches.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/tankersimConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/tankersimConfig.cmake ${PROJECT_BINARY_DIR}/tankersimConfigVersion.cmake
              cmake/dependencies.cmake cmake/FindGeographicLib.cmake cmake/FindLibYAML.cmake
        DESTINATION ${TANKERSIM_CMAKE_DIR})
