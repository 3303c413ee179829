# synth --ap-out, joint check, and a hostapd log given to stats and coverage
# as a plain input (issue 14). Uses synthesized logs only (no corpus).
include(${CMAKE_CURRENT_LIST_DIR}/cli_common.cmake)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

# Two hostapd processes: one file per process, named after it.
run(0 synth scenarios/ap-side-restarted.json -o ${WORK}/sta.log --ap-out ${WORK}/ap.log)
expect_in("${ERR}" "wrote ${WORK}/ap-procA.log (hostapd process procA: A)")
expect_in("${ERR}" "wrote ${WORK}/ap-procB.log (hostapd process procB: B)")
file(READ ${WORK}/ap-procA.log AP_A)
expect_in("${AP_A}" ": Signal 15 received - terminating\n")
expect_in("${AP_A}" ": Using interface apA with hwaddr 00:24:97:aa:bb:01 and ssid \"corp-secure\"\n")
# The station's log is the same as without --ap-out.
run(0 synth scenarios/ap-side-restarted.json)
file(READ ${WORK}/sta.log STA_TEXT)
if(NOT OUT STREQUAL STA_TEXT)
  message(FATAL_ERROR "synth --ap-out changed the station's log")
endif()

# Replayed jointly: the logs share the clock, A refuses after its restart.
run(1 replay ${WORK}/sta.log --ap ${WORK}/ap-procA.log --ap ${WORK}/ap-procB.log -f json)
expect_in("${OUT}" "\"offset_source\": \"same-clock\"")
expect_in("${OUT}" "\"ap_cause\": \"ap-restarted\"")
expect_in("${OUT}" "\"ap_answer\": \"not-found\"")

# One process: FILE itself; OKC match and found.
run(0 synth scenarios/ap-side-okc-found.json -o ${WORK}/okc-sta.log --ap-out ${WORK}/okc-ap.log)
if(NOT EXISTS ${WORK}/okc-ap.log)
  message(FATAL_ERROR "synth --ap-out did not write ${WORK}/okc-ap.log")
endif()
run(1 replay ${WORK}/okc-sta.log --ap ${WORK}/okc-ap.log -f json)
expect_in("${OUT}" "\"ap_answer\": \"okc-match\"")
expect_in("${OUT}" "\"ap_answer\": \"found\"")

# --ap-out needs a "hostapd" block and a file.
run(3 synth scenarios/ap-forgot-pmksa-occurs.json --ap-out ${WORK}/none.log)
expect_in("${ERR}" "--ap-out needs a \"hostapd\" block")
run(2 synth scenarios/ap-side-okc-found.json --ap-out -)
expect_in("${ERR}" "--ap-out needs a FILE")

# check runs the scenario jointly.
run(0 check scenarios/ap-side-restarted.json)
expect_in("${OUT}" "PASS  ap-side-restarted")
run(1 check tests/scenario/data/wrong_ap_cause.json)
expect_in("${OUT}" "- FAIL must appear: pmkid-rejected ap=A step=3 ap_cause=ap-entry-expired")
expect_in("${OUT}" "ap_cause=ap-restarted")

# stats given a hostapd log: skipped as an AP log, the statistics are the
# station's alone.
run(1 stats ${WORK}/sta.log -f json)
set(STATS_STA "${OUT}")
run(1 stats ${WORK}/sta.log ${WORK}/ap-procA.log -f json)
expect_in("${ERR}" "skipped ${WORK}/ap-procA.log: this is a hostapd (AP) log")
if(NOT OUT STREQUAL STATS_STA)
  message(FATAL_ERROR "stats counted the hostapd log:\n${OUT}\nvs\n${STATS_STA}")
endif()
run(3 stats ${WORK}/ap-procA.log)
expect_in("${ERR}" "skipped ${WORK}/ap-procA.log: this is a hostapd (AP) log")
expect_in("${ERR}" "no station log among the inputs")

# coverage given a hostapd log: counted as one, not as a station log.
run(0 coverage ${WORK}/ap-procA.log)
expect_in("${OUT}" "hostapd (AP) log, not a station log")
expect_in("${OUT}" "unknown hostapd lines: 0 of ")
expect_in("${OUT}" "1 BSS in 2 hostapd processes: apA 00:24:97:aa:bb:01\n")
run(0 coverage ${WORK}/ap-procA.log -f json)
expect_in("${OUT}" "\"kind\": \"hostapd\"")
expect_in("${OUT}" "\"unknown_hostapd\": 0,")
run(0 coverage ${WORK}/sta.log -f json)
string(FIND "${OUT}" "\"kind\"" pos)
if(NOT pos EQUAL -1)
  message(FATAL_ERROR "coverage of a station log changed:\n${OUT}")
endif()
expect_in("${OUT}" "\"unknown_supplicant\"")
