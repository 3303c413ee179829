# roamreplay drive and check --sut end to end with the example adapters in
# examples/sut (Python, the protocol of README "Testing other PMKSA caches").
# -DPY= the Python 3 interpreter.
include(${CMAKE_CURRENT_LIST_DIR}/cli_common.cmake)

set(REF "${PY} examples/sut/reference_cache.py")
set(PRE "${PY} examples/sut/pre2011_cache.py")
set(BUGGY "${PY} examples/sut/forgetful_okc_cache.py")

# The pre-2011 adapter keeps A's entry of PMK 1 when B's re-authentication
# makes PMK 2 (the 2011 report), so it diverges twice on the shipped log:
# the cache after PMK 2 (line 1046) and the offer at 1317159147.145598.
run(1 drive --sut "${PRE}" --format json logs/2011-okc-stale-pmkid.log)
string(JSON n LENGTH "${OUT}" traces 0 divergences)
if(NOT n EQUAL 2)
  message(FATAL_ERROR "expected 2 divergences, got ${n}:\n${OUT}")
endif()
string(JSON decision GET "${OUT}" traces 0 divergences 1 decision)
string(JSON time GET "${OUT}" traces 0 divergences 1 time)
string(JSON sut_pmk GET "${OUT}" traces 0 divergences 1 sut offer pmk)
string(JSON ref_pmk GET "${OUT}" traces 0 divergences 1 reference offer pmk)
string(JSON logged_pmk GET "${OUT}" traces 0 divergences 1 logged offer pmk)
if(NOT decision STREQUAL "offer" OR NOT time STREQUAL "1317159147.145598" OR NOT sut_pmk EQUAL 1
   OR NOT ref_pmk EQUAL 2 OR NOT logged_pmk EQUAL 1)
  message(FATAL_ERROR "the stale offer is not the second divergence:\n${OUT}")
endif()
string(JSON kind GET "${OUT}" traces 0 divergences 0 kind)
string(JSON severity GET "${OUT}" traces 0 divergences 0 severity)
string(JSON line0 GET "${OUT}" traces 0 divergences 0 line)
if(NOT kind STREQUAL "sut-divergence" OR NOT severity STREQUAL "error" OR NOT line0 EQUAL 1046)
  message(FATAL_ERROR "first divergence:\n${OUT}")
endif()
run(1 drive --sut "${PRE}" logs/2011-okc-stale-pmkid.log)
expect_in("${OUT}" "DIVERGED logs/2011-okc-stale-pmkid.log [wlan0]: 2 divergences")
expect_in("${OUT}" "1317159147.145598")

# The reference adapter passes every shipped log and scenario.
run(0 drive --sut "${REF}" logs/)
expect_in("${OUT}" "0 diverged, 0 faults")
run(0 check --sut "${REF}" scenarios/)
expect_in("${OUT}" "0 diverged, 0 faults")

# The buggy adapter (clones forget the opportunistic flag) is caught by
# the named scenario; JUnit says so.
file(REMOVE ${WORK}/drive.xml)
file(MAKE_DIRECTORY ${WORK})
run(1 check --sut "${BUGGY}" --junit ${WORK}/drive.xml
    scenarios/per-pmk-standalone-refusal-current.json)
expect_in("${OUT}" "DIVERGED per-pmk-standalone-refusal-current")
expect_in("${OUT}" "lacks 00:24:97:aa:bb:02 PMK 2")
file(READ ${WORK}/drive.xml xml)
expect_in("${xml}" "<testsuite name=\"roamreplay.drive\" tests=\"1\" failures=\"1\" errors=\"0\">")
expect_in("${xml}" "<failure message=")

# Faults: a crash on one trace is reported (exit 3) and the next trace is
# still driven; a hang ends at --sut-timeout; garbage is named.
run(3 drive --sut "${PY} tests/harness/data/crash_on_keys_sut.py"
    logs/2011-okc-stale-pmkid-keys.log logs/2011-okc-stale-pmkid.log)
expect_in("${OUT}" "FAULT logs/2011-okc-stale-pmkid-keys.log [wlan0]: step 1 (hello)")
expect_in("${OUT}" "exited with status 5")
expect_in("${OUT}" "crash_on_keys: giving up")
expect_in("${OUT}" "PASS logs/2011-okc-stale-pmkid.log [wlan0]")
run(3 drive --sut "sleep 30" --sut-timeout 0.3 logs/2011-okc-stale-pmkid.log)
expect_in("${OUT}" "no answer within 300 ms")
# The SUT reads the request before it answers: a bare "echo garbage" may be
# gone before the request is sent, which is the fault "it stopped reading".
run(3 drive --sut "read request && echo garbage" logs/2011-okc-stale-pmkid.log)
expect_in("${OUT}" "not JSON: \"garbage\"")
run(3 drive --sut "${REF}" --format json logs/2011-okc-stale-pmkid.log no-such.log)
expect_in("${OUT}" "\"status\": \"error\"")

# Usage errors.
run(2 drive logs/2011-okc-stale-pmkid.log)
expect_in("${ERR}" "--sut COMMAND is required")
run(2 drive --sut "${REF}" --sut-timeout 0 logs/2011-okc-stale-pmkid.log)
run(2 check --sut-timeout 1 scenarios/)
expect_in("${ERR}" "--sut-timeout needs --sut")

# The reference adapter passes every station log of the corpus (skipped
# without ../shared/corpus; the hostapd logs of pairs 20-22 are AP-side).
if(EXISTS ${SRC}/../shared/corpus)
  file(GLOB corpus_logs ${SRC}/../shared/corpus/*.log)
  list(FILTER corpus_logs EXCLUDE REGEX "hostapd")
  list(LENGTH corpus_logs n)
  if(n LESS 20)
    message(FATAL_ERROR "expected the corpus's station logs, found ${n}")
  endif()
  run(0 drive --sut "${REF}" ${corpus_logs})
  expect_in("${OUT}" "0 diverged, 0 faults")
endif()
