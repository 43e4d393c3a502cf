# Applied to every target of the tree so that the libraries and the tests agree.
if(HOLDFAST_SANITIZE STREQUAL "address")
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=address,undefined)
elseif(HOLDFAST_SANITIZE STREQUAL "thread")
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=thread)
elseif(NOT HOLDFAST_SANITIZE STREQUAL "")
  message(FATAL_ERROR "HOLDFAST_SANITIZE must be '', 'address' or 'thread'")
endif()
