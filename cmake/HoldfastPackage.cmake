# Install rules and the Debian package (CPack DEB): scripts/package.sh builds it.
#   /usr/bin/holdfast, /usr/bin/holdfast-station
#   /usr/share/holdfast/test_library   found relative to the programs (method::defaultTestLibrary)
#   /usr/share/holdfast/docs           the docs/ pages and the README
#   /usr/share/applications, /usr/share/icons/hicolor/scalable/apps: the station's desktop entry
#   /usr/share/man/man1                man pages generated from the programs' --help (help2man)
#   /usr/share/doc/holdfast/README.Debian: serial-port permission (dialout)
#   /usr/share/doc/holdfast/copyright: Holdfast's licence (GPL-3.0-or-later) and what it links
# Dependencies are declared from the shared libraries the programs link (dpkg-shlibdeps).

include(GNUInstallDirs)

install(TARGETS holdfast RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/test_library/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/holdfast/test_library FILES_MATCHING PATTERN "*.json")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DATADIR}/holdfast/docs)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/holdfast/docs)
# The Slurm job array and its submit script (docs/scale.md).
install(PROGRAMS ${PROJECT_SOURCE_DIR}/packaging/slurm/holdfast-batch.sbatch
                 ${PROJECT_SOURCE_DIR}/packaging/slurm/submit.sh
        DESTINATION ${CMAKE_INSTALL_DATADIR}/holdfast/slurm)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/README.Debian ${PROJECT_SOURCE_DIR}/packaging/copyright
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/holdfast)
if(HOLDFAST_WITH_QT)
  install(TARGETS holdfast-station RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/holdfast-station.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/holdfast-station.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
endif()

# Man pages from each program's own --help, so they cannot drift from it. help2man is given
# the version (it would otherwise run --version, which also prints the test library's path).
# Only for the plain build: a sanitizer build's programs are not what a package ships.
find_program(HELP2MAN help2man)
if(HELP2MAN AND HOLDFAST_SANITIZE STREQUAL "")
  set(programs holdfast)
  set(descriptions "record, analyse and report isometric force tests")
  if(HOLDFAST_WITH_QT)
    list(APPEND programs holdfast-station)
    list(APPEND descriptions "the force plate and dynamometer station")
  endif()
  set(man_pages)
  foreach(program description IN ZIP_LISTS programs descriptions)
    set(page ${CMAKE_BINARY_DIR}/man/${program}.1)
    set(include ${CMAKE_BINARY_DIR}/man/${program}.h2m)
    if(program STREQUAL "holdfast")
      # Every command's own --help in a section of its own (packaging/man-commands.sh).
      set(make_include bash ${PROJECT_SOURCE_DIR}/packaging/man-commands.sh
                       $<TARGET_FILE:holdfast> ${PROJECT_SOURCE_DIR}/packaging/common.h2m >
                       ${include})
    else()
      set(make_include ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/packaging/common.h2m
                       ${include})
    endif()
    add_custom_command(
      OUTPUT ${page}.gz
      COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
      COMMAND ${make_include}
      COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen
              ${HELP2MAN} --no-info --section=1 --version-string=${PROJECT_VERSION}
              --name=${description} --include=${include} --output=${page}
              $<TARGET_FILE:${program}>
      COMMAND gzip -9nf ${page}
      DEPENDS ${program} ${PROJECT_SOURCE_DIR}/packaging/man-commands.sh
              ${PROJECT_SOURCE_DIR}/packaging/common.h2m
      COMMENT "man page of ${program} from its --help"
      VERBATIM)
    list(APPEND man_pages ${page}.gz)
  endforeach()
  add_custom_target(man_pages ALL DEPENDS ${man_pages})
  install(FILES ${man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
elseif(NOT HELP2MAN)
  message(WARNING "help2man not found: no man pages in the package (scripts/setup.sh installs it)")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME holdfast)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "Holdfast")
set(CPACK_PACKAGE_CONTACT "Holdfast developers <holdfast@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "force plate and dynamometer station: isometric strength, asymmetry, HDF5")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Records force plates and handheld or fixed-frame dynamometers on a serial (USB) port,\n\
shows the force live and computes peak force, rate of force development, hold endurance,\n\
critical force and left/right asymmetry. Sessions are HDF5 files that h5py, pandas, MATLAB\n\
and R read; the clinical report is a PDF. Serial ports need the 'dialout' group:\n\
see /usr/share/doc/holdfast/README.Debian.")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends: from the libraries linked (dpkg-shlibdeps)
# Qt draws text with a font; the report and the station use DejaVu Sans.
# FFTW's runtime named as well as found: every spectrum needs it (issue 30).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core, libfftw3-double3")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "hdf5-tools, poppler-utils")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
include(CPack)
