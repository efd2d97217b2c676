# CPackProjectConfig.cmake
#
# Read by cpack before it packages (CPACK_PROJECT_CONFIG_FILE). Refuses a .deb of a build
# whose compiled-in paths are not those of a package: the server would look for its
# plugins and configuration under a prefix the package does not install to.

if(CPACK_GENERATOR STREQUAL "DEB" AND NOT CPACK_LABMOCK_CONFIGURED_PREFIX STREQUAL "/usr")
    message(FATAL_ERROR "lab-mock-server: a .deb needs a build configured with -DCMAKE_INSTALL_PREFIX=/usr "
                        "(this one has ${CPACK_LABMOCK_CONFIGURED_PREFIX}): its compiled-in plugin and "
                        "configuration folders must match the package's.")
endif()
