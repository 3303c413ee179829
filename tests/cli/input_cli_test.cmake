# End-to-end checks of the input options (--input-format, --year, --unwrap)
# and the coverage command. Invoked by ctest with -DBIN=<roamreplay> -DSRC=<source dir>.
# Inputs: the hand-made snippets in tests/fuzz/corpus/.

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

set(SYSLOG tests/fuzz/corpus/syslog.log)

run(0 coverage ${SYSLOG})
expect_in("${OUT}" "input syslog (detected)")
expect_in("${OUT}" "4 lines = 3 supplicant events")
expect_in("${OUT}" "1 other sources")

run(0 coverage --format json ${SYSLOG} tests/fuzz/corpus/logcat-brief.log)
expect_in("${OUT}" "\"unknown_share\"")
expect_in("${OUT}" "\"input_format\": \"logcat-brief\"")

run(0 replay --format json --input-format plain --year 2024 --unwrap off ${SYSLOG})
expect_in("${OUT}" "\"input_format\": \"plain\"")
expect_in("${OUT}" "\"input_format_detected\": false")

run(0 replay --format json --year 2023 ${SYSLOG})
expect_in("${OUT}" "\"time_axis\": \"wall clock, year 2023\"")
expect_in("${OUT}" "\"other_source_lines\": 1")

run(2 replay --input-format xml ${SYSLOG})
expect_in("${ERR}" "--input-format must be one of")
run(2 coverage --year 1800 ${SYSLOG})
run(2 coverage --unwrap maybe ${SYSLOG})
run(2 coverage)
run(3 coverage tests/fuzz/corpus/does-not-exist.log)
expect_in("${ERR}" "does-not-exist.log")
