# The Debian package (cpack -G DEB) and what a Linux desktop and systemd expect of an
# installed Portier. Included by installer/CMakeLists.txt before include(CPack).
# tests/package/deb-test.sh builds the package, lints it and installs it on this machine.

set(PORTIER_DEB_MAINTAINER "Portier maintainers <maintainers@users.noreply.r-seed-4c28c699.example>"
    CACHE STRING "The Maintainer field of the .deb and its changelog's signature")
# The reverse-DNS id software centres know Portier by (AppStream metainfo's <id> and its file name).
set(PORTIER_APPSTREAM_ID "io.github.portier.Portier")
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(PORTIER_DEB_VERSION "${PROJECT_VERSION}-${CPACK_DEBIAN_PACKAGE_RELEASE}")

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${PORTIER_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_PACKAGE_DESCRIPTION
    "Portier listens on addresses and ports and relays each TCP connection or\n"
    "UDP session to one server of an upstream group, balanced as nginx 1.22\n"
    "balances (round robin, least_conn, hash, random). Its JSON configuration\n"
    "follows nginx's stream {} directives, and it imports and exports nginx\n"
    "syntax.\n"
    "\n"
    "The package holds the desktop program, portier, which edits and applies\n"
    "the configuration and plots the traffic, and its headless twin, portierd,\n"
    "with a systemd service (installed disabled) on /etc/portier/portier.json.")
string(JOIN "" CPACK_PACKAGE_DESCRIPTION ${CPACK_PACKAGE_DESCRIPTION})
# Library dependencies come from dpkg-shlibdeps (CPACK_DEBIAN_PACKAGE_SHLIBDEPS). Qt's own
# translations (standard buttons, file dialogs in Chinese) are data, not a library.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n")
# The debug info goes to portier-dbgsym_VERSION_ARCH.ddeb (/usr/lib/debug/.build-id), found
# by build id; the .deb's binaries are stripped.
set(CPACK_DEBIAN_DEBUGINFO_PACKAGE ON)
# Installed under /usr whatever CMAKE_INSTALL_PREFIX the build has; with DESTDIR, so that the
# install(CODE) below sees the /usr prefix and puts the conffile in /etc.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_CURRENT_SOURCE_DIR}/linux/conffiles
    ${CMAKE_CURRENT_SOURCE_DIR}/linux/postinst
    ${CMAKE_CURRENT_SOURCE_DIR}/linux/prerm
    ${CMAKE_CURRENT_SOURCE_DIR}/linux/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

# Generated files: man pages from their Markdown (installer/linux/man), the changelog, the
# AppStream metadata, and the PNG icons from resources/icons/portier.svg.
find_program(PORTIER_GZIP gzip REQUIRED)
find_program(PORTIER_RSVG_CONVERT rsvg-convert)
set(linux_out ${CMAKE_CURRENT_BINARY_DIR}/linux)
file(MAKE_DIRECTORY ${linux_out})
string(TIMESTAMP portier_man_date "%Y-%m-%d" UTC)
set(linux_generated "")

set(man_pages portierd.8)
if(PORTIER_BUILD_GUI)
    list(APPEND man_pages portier.1)
endif()
foreach(page IN LISTS man_pages)
    set(source ${CMAKE_CURRENT_SOURCE_DIR}/linux/man/${page}.md)
    add_custom_command(OUTPUT ${linux_out}/${page}.gz
        COMMAND ${CMAKE_COMMAND} -DIN=${source} -DOUT=${linux_out}/${page} -DVERSION=${PROJECT_VERSION}
                -DDATE=${portier_man_date} -P ${CMAKE_CURRENT_SOURCE_DIR}/linux/man/render-man.cmake
        COMMAND ${PORTIER_GZIP} -9nf ${linux_out}/${page}
        DEPENDS ${source} ${CMAKE_CURRENT_SOURCE_DIR}/linux/man/render-man.cmake
        COMMENT "Man page ${page}" VERBATIM)
    list(APPEND linux_generated ${linux_out}/${page}.gz)
    string(REGEX MATCH "[0-9]$" section ${page})
    install(FILES ${linux_out}/${page}.gz DESTINATION share/man/man${section})
endforeach()

configure_file(linux/changelog.in ${linux_out}/changelog.Debian @ONLY)
add_custom_command(OUTPUT ${linux_out}/changelog.Debian.gz
    COMMAND ${PORTIER_GZIP} -9nkf ${linux_out}/changelog.Debian
    DEPENDS ${linux_out}/changelog.Debian VERBATIM)
list(APPEND linux_generated ${linux_out}/changelog.Debian.gz)
install(FILES ${linux_out}/changelog.Debian.gz linux/copyright DESTINATION share/doc/portier)
install(FILES linux/lintian-overrides DESTINATION share/lintian/overrides RENAME portier)

install(FILES ${PROJECT_SOURCE_DIR}/resources/samples/portier-sample.json DESTINATION share/portier)
install(FILES linux/portierd.service DESTINATION lib/systemd/system)
# The service's configuration, a conffile: /etc beside a /usr prefix (the package's, and
# GNUInstallDirs' rule), PREFIX/etc otherwise, decided when installing.
install(CODE "
    if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
        set(portier_etc /etc/portier)
    else()
        set(portier_etc \"\${CMAKE_INSTALL_PREFIX}/etc/portier\")
    endif()
    file(INSTALL DESTINATION \"\${portier_etc}\" TYPE FILE RENAME portier.json
         FILES \"${PROJECT_SOURCE_DIR}/resources/samples/portier-sample.json\")
")

if(PORTIER_BUILD_GUI)
    install(FILES linux/portier.desktop DESTINATION share/applications)
    configure_file(linux/portier.metainfo.xml.in ${linux_out}/${PORTIER_APPSTREAM_ID}.metainfo.xml @ONLY)
    install(FILES ${linux_out}/${PORTIER_APPSTREAM_ID}.metainfo.xml DESTINATION share/metainfo)
    # The desktop entry's Icon=portier, found by name in the hicolor theme at every size.
    set(icon_svg ${PROJECT_SOURCE_DIR}/resources/icons/portier.svg)
    install(FILES ${icon_svg} DESTINATION share/icons/hicolor/scalable/apps)
    if(PORTIER_RSVG_CONVERT)
        foreach(size 16 22 24 32 48 64 128 256 512)
            set(png ${linux_out}/portier-${size}.png)
            add_custom_command(OUTPUT ${png}
                COMMAND ${PORTIER_RSVG_CONVERT} -w ${size} -h ${size} -o ${png} ${icon_svg}
                DEPENDS ${icon_svg} COMMENT "Icon ${size}x${size}" VERBATIM)
            list(APPEND linux_generated ${png})
            install(FILES ${png} DESTINATION share/icons/hicolor/${size}x${size}/apps RENAME portier.png)
        endforeach()
    else()
        message(WARNING "rsvg-convert (Debian: librsvg2-bin) not found: the package gets the 256 px icon only; "
                        "scripts/install-deps.sh installs it")
        install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/portier.png DESTINATION share/icons/hicolor/256x256/apps)
    endif()
endif()
add_custom_target(portier_linux_data ALL DEPENDS ${linux_generated})
