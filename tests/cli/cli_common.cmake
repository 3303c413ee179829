# Helpers shared by the CLI test scripts: run(EXPECTED_EXIT args...) runs
# ${BIN} in ${SRC} and sets OUT/ERR; expect_in(HAYSTACK NEEDLE).

function(run expected_code)
  execute_process(COMMAND ${BIN} ${ARGN} WORKING_DIRECTORY ${SRC}
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL expected_code)
    message(FATAL_ERROR "roamreplay ${ARGN}: exit ${code}, expected ${expected_code}\n${out}\n${err}")
  endif()
  set(OUT "${out}" PARENT_SCOPE)
  set(ERR "${err}" PARENT_SCOPE)
endfunction()

function(expect_in haystack needle)
  string(FIND "${haystack}" "${needle}" pos)
  if(pos EQUAL -1)
    message(FATAL_ERROR "expected to find '${needle}' in:\n${haystack}")
  endif()
endfunction()
