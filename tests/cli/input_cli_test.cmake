# End-to-end checks of the input options (--input-format, --year, --unwrap)
# and the coverage command. Invoked by ctest with -DBIN=<roamreplay> -DSRC=<source dir>.
# Inputs: the hand-made snippets in tests/fuzz/corpus/.

include(${CMAKE_CURRENT_LIST_DIR}/cli_common.cmake)

set(SYSLOG tests/fuzz/corpus/syslog.log)

run(0 coverage ${SYSLOG})
expect_in("${OUT}" "input syslog (detected)")
expect_in("${OUT}" "4 lines = 3 supplicant events")
expect_in("${OUT}" "1 other sources")

run(0 coverage --format json ${SYSLOG} tests/fuzz/corpus/logcat-brief.log)
expect_in("${OUT}" "\"unknown_share\"")
expect_in("${OUT}" "\"input_format\": \"logcat-brief\"")

# ESP-IDF: the wrapper and the station's two tags (wpa_supplicant port, Wi-Fi library).
run(0 coverage tests/fuzz/corpus/esp-idf.log)
expect_in("${OUT}" "input esp-idf (detected)")
expect_in("${OUT}" "3 wpa_supplicant port lines (tag wpa) + 1 Wi-Fi library lines (tag wifi)")
run(0 coverage --format json tests/fuzz/corpus/esp-idf.log)
expect_in("${OUT}" "\"wifi_lines\": 1")

run(0 replay --format json --input-format plain --year 2024 --unwrap off tests/fuzz/corpus/plain.log)
expect_in("${OUT}" "\"input_format\": \"plain\"")
expect_in("${OUT}" "\"input_format_detected\": false")
# A syslog log read as plain: nothing is recognised, and it says so (exit 3).
run(3 replay --format json --input-format plain ${SYSLOG})
expect_in("${ERR}" "no wpa_supplicant line recognised in 4 lines")

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

# --threads: the two-thread replay prints exactly what one thread prints
# (report, cache, coverage read the log the same way).
foreach(case "1;replay;--format;json" "1;replay;--format;records" "0;cache;--format;json"
             "0;coverage;--format;json" "1;report;--format;md")
  list(POP_FRONT case code)
  run(${code} ${case} --threads 1 logs/2011-okc-stale-pmkid.log)
  set(ONE "${OUT}")
  run(${code} ${case} --threads 2 logs/2011-okc-stale-pmkid.log)
  if(NOT "${OUT}" STREQUAL "${ONE}")
    message(FATAL_ERROR "${case}: --threads 2 differs from --threads 1")
  endif()
endforeach()
run(2 replay --threads -1 ${SYSLOG})
expect_in("${ERR}" "--threads must be at least 1")
