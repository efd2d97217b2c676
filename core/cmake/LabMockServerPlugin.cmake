# lab_mock_add_plugin(<name> [NO_INSTALL] SOURCES <src>...)
#
# Builds lib<name>-group.so, a group-provider plugin for lab-mock-server, against
# LabMockServer::sdk: hidden visibility (plugins cannot clash with each other) and
# no undefined symbols (a missing dependency fails the build, not the server).
# In the lab-mock-server build tree the plugin lands in the tree's plugin folder and is
# installed with the server, unless NO_INSTALL (test plugins).
function(lab_mock_add_plugin name)
    cmake_parse_arguments(PARSE_ARGV 1 ARG "NO_INSTALL" "" "SOURCES")
    set(target "${name}-group")
    add_library(${target} MODULE ${ARG_SOURCES})
    target_link_libraries(${target} PRIVATE LabMockServer::sdk)
    if(TARGET labmock_warnings)
        target_link_libraries(${target} PRIVATE labmock_warnings)
    endif()
    set_target_properties(${target} PROPERTIES
        PREFIX "lib"
        CXX_VISIBILITY_PRESET hidden
        VISIBILITY_INLINES_HIDDEN ON)
    target_link_options(${target} PRIVATE "LINKER:--no-undefined")
    if(DEFINED LABMOCK_BUILD_PLUGINDIR)
        set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${LABMOCK_BUILD_PLUGINDIR}")
    endif()
    if(ARG_NO_INSTALL)
        # Not installed: nothing to find at install time.
    elseif(DEFINED LABMOCK_INSTALL_PLUGINDIR AND PROJECT_NAME STREQUAL "LabMockServer")
        # Installed in <libdir>/lab-mock-server/plugins, one level below the SDK library.
        set_target_properties(${target} PROPERTIES INSTALL_RPATH "$ORIGIN/..")
        install(TARGETS ${target} LIBRARY DESTINATION "${LABMOCK_INSTALL_PLUGINDIR}" COMPONENT runtime)
    else()
        # Out of tree: keep the path of the SDK it was built against, unless that is a system folder.
        set_target_properties(${target} PROPERTIES INSTALL_RPATH_USE_LINK_PATH ON)
    endif()
endfunction()
