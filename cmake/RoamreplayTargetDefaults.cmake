# Warnings and sanitizers for our own targets only (no global CMAKE_CXX_FLAGS).
function(roamreplay_target_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_17)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wno-unused-parameter)
  if(ROAMREPLAY_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(ROAMREPLAY_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=${ROAMREPLAY_SANITIZE} -fno-omit-frame-pointer
                                             -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=${ROAMREPLAY_SANITIZE})
  endif()
endfunction()
