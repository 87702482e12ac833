# What the Windows programs load at run time, installed beside them so the NSIS installer
# and the ZIP both work on a machine with nothing else: Qt's DLLs and the plugins Portier
# uses, OpenSSL's two DLLs, and the compiler's runtime (MinGW's three, or MSVC's).
# tests/windows/package-contents.sh checks the ZIP against this list.

set(portier_qt_plugins
    QWindowsIntegrationPlugin platforms
    QWindowsVistaStylePlugin styles
    QModernWindowsStylePlugin styles
    QSchannelBackendPlugin tls
    QTlsBackendCertOnlyPlugin tls
    QTlsBackendOpenSSLPlugin tls
    QICOPlugin imageformats)

foreach(module Core Gui Widgets Network)
    install(FILES $<TARGET_FILE:Qt6::${module}> DESTINATION .)
endforeach()
while(portier_qt_plugins)
    list(POP_FRONT portier_qt_plugins plugin folder)
    if(TARGET Qt6::${plugin}) # which ones exist depends on the Qt build (Schannel only here)
        install(FILES $<TARGET_FILE:Qt6::${plugin}> DESTINATION ${folder})
    endif()
endwhile()

# OpenSSL: the DLLs sit in bin/ beside lib/ (the SDK's, Shining Light's and vcpkg's layout).
get_filename_component(portier_openssl_root "${OPENSSL_INCLUDE_DIR}" DIRECTORY)
file(GLOB portier_openssl_dlls "${portier_openssl_root}/bin/libssl-3*.dll" "${portier_openssl_root}/bin/libcrypto-3*.dll"
     "${portier_openssl_root}/libssl-3*.dll" "${portier_openssl_root}/libcrypto-3*.dll")
if(NOT portier_openssl_dlls)
    message(WARNING "OpenSSL's DLLs (libssl-3*.dll, libcrypto-3*.dll) not found under ${portier_openssl_root}: the packages will lack them")
endif()
install(FILES ${portier_openssl_dlls} DESTINATION .)

if(MINGW)
    foreach(dll libstdc++-6.dll libgcc_s_seh-1.dll libwinpthread-1.dll)
        execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=${dll} OUTPUT_VARIABLE path OUTPUT_STRIP_TRAILING_WHITESPACE)
        if(NOT IS_ABSOLUTE "${path}" OR NOT EXISTS "${path}")
            # Debian keeps libwinpthread in the sysroot, where the compiler does not look.
            find_file(path_${dll} ${dll} PATHS /usr/x86_64-w64-mingw32/lib /usr/x86_64-w64-mingw32/bin NO_CMAKE_FIND_ROOT_PATH)
            set(path "${path_${dll}}")
        endif()
        if(NOT EXISTS "${path}")
            message(WARNING "MinGW runtime ${dll} not found: the packages will lack it")
        else()
            install(FILES "${path}" DESTINATION .)
        endif()
    endforeach()
else()
    set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION .)
    include(InstallRequiredSystemLibraries) # MSVC's vcruntime and msvcp DLLs
endif()
