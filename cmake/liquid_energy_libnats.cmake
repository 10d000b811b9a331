# Defines the imported target liquid_energy_libnats, the NATS C client, when it is found: through
# pkg-config, or else find_library and find_path. Included by the build and by the package config.
if(NOT TARGET liquid_energy_libnats)
    find_package(PkgConfig QUIET)
    if(PKG_CONFIG_FOUND)
        pkg_check_modules(LIQUID_ENERGY_LIBNATS QUIET IMPORTED_TARGET GLOBAL libnats)
    endif()
    if(TARGET PkgConfig::LIQUID_ENERGY_LIBNATS)
        add_library(liquid_energy_libnats INTERFACE IMPORTED GLOBAL)
        target_link_libraries(liquid_energy_libnats INTERFACE PkgConfig::LIQUID_ENERGY_LIBNATS)
    else()
        find_library(LIQUID_ENERGY_LIBNATS_LIBRARY nats)
        find_path(LIQUID_ENERGY_LIBNATS_INCLUDE_DIR nats/nats.h)
        if(LIQUID_ENERGY_LIBNATS_LIBRARY AND LIQUID_ENERGY_LIBNATS_INCLUDE_DIR)
            add_library(liquid_energy_libnats UNKNOWN IMPORTED GLOBAL)
            set_target_properties(liquid_energy_libnats PROPERTIES
                IMPORTED_LOCATION ${LIQUID_ENERGY_LIBNATS_LIBRARY}
                INTERFACE_INCLUDE_DIRECTORIES ${LIQUID_ENERGY_LIBNATS_INCLUDE_DIR})
        endif()
    endif()
endif()
