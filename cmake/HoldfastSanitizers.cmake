# Applied to every target of the tree so that the libraries and the tests agree.
# -O1 -g1 (after the build type's -O2 -g, so they win): line tables are all a sanitizer report
# needs, and they halve the compile time of the CI's sanitizer builds (BatchCommand.cpp under
# ASan: 50 s at -O2 -g, 23 s at -O1 -g1). -O1 is what the ASan documentation recommends.
set(HOLDFAST_SANITIZER_DEBUG -O1 -g1)
if(HOLDFAST_SANITIZE STREQUAL "address")
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer ${HOLDFAST_SANITIZER_DEBUG})
  add_link_options(-fsanitize=address,undefined)
elseif(HOLDFAST_SANITIZE STREQUAL "thread")
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer ${HOLDFAST_SANITIZER_DEBUG})
  add_link_options(-fsanitize=thread)
  # TSan does not model std::atomic_thread_fence (GCC warns). Asio's fenced blocks are its only
  # use here; the scheduler's mutex already orders handler hand-over between threads.
  add_compile_definitions(BOOST_ASIO_DISABLE_FENCED_BLOCK)
elseif(HOLDFAST_SANITIZE STREQUAL "fuzzer")
  # libFuzzer (clang only): coverage for every library, ASan + UBSan; fuzz/ links the driver.
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "HOLDFAST_SANITIZE=fuzzer needs clang (CC=clang CXX=clang++)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined
                      -fno-sanitize-recover=undefined -fno-omit-frame-pointer ${HOLDFAST_SANITIZER_DEBUG})
  add_link_options(-fsanitize=address,undefined)
elseif(NOT HOLDFAST_SANITIZE STREQUAL "")
  message(FATAL_ERROR "HOLDFAST_SANITIZE must be '', 'address', 'thread' or 'fuzzer'")
endif()
