# End-to-end checks of the roamreplay CLI: exit codes and key output.
# Invoked by ctest with -DBIN=<roamreplay> -DSRC=<source dir>.

include(${CMAKE_CURRENT_LIST_DIR}/cli_common.cmake)

# The 2011 reconstruction: findings, exit 1.
run(1 replay logs/2011-okc-stale-pmkid.log)
expect_in("${OUT}" "stale-pmkid-reuse")
expect_in("${OUT}" "1317159147.145598")
expect_in("${OUT}" "pmkid-rejected (stale-entry)")

run(1 replay --format json logs/2011-okc-stale-pmkid.log)
expect_in("${OUT}" "\"kind\": \"stale-pmkid-reuse\"")
expect_in("${OUT}" "\"time\": \"1317159147.145598\"")
expect_in("${OUT}" "\"cause\": \"stale-entry\"")

# The same roams logged by a fixed supplicant: clean, exit 0.
run(0 replay logs/2011-okc-postfix.log)
expect_in("${OUT}" "No findings.")

# JSON Lines: one object per input.
run(1 replay --format jsonl logs/2011-okc-postfix.log logs/2011-okc-stale-pmkid.log)
string(REGEX MATCHALL "\n" newlines "${OUT}")
list(LENGTH newlines n)
if(NOT n EQUAL 2)
  message(FATAL_ERROR "jsonl: expected 2 lines, got ${n}")
endif()

# Input errors: exit 3 with the file named; usage errors: exit 2.
run(3 replay logs/does-not-exist.log)
expect_in("${ERR}" "logs/does-not-exist.log: cannot open")
run(2 replay)
run(2 frobnicate x.log)
run(2 replay --format xml logs/2011-okc-postfix.log)
run(2 replay --format json logs/2011-okc-postfix.log logs/2011-okc-stale-pmkid.log)
run(0 --help)
expect_in("${OUT}" "Exit codes")

# --fail-on: the stale log has errors, warnings and an info finding.
run(1 replay --fail-on error logs/2011-okc-stale-pmkid.log)
run(2 replay --fail-on sometimes logs/2011-okc-stale-pmkid.log)
run(2 replay --policy 2013 logs/2011-okc-stale-pmkid.log)
run(1 replay --policy c3fea272 logs/2011-okc-stale-pmkid.log)
expect_in("${OUT}" "not expected from a c3fea272-era supplicant")
run(1 replay logs/2011-okc-stale-pmkid.log)
expect_in("${OUT}" "expected in pre-2011 supplicants")
expect_in("${OUT}" "flush policy: pre-2011")

# cache: the supplicant still holds A's old entry before the roam back.
run(0 cache --line 1197 logs/2011-okc-stale-pmkid.log)
expect_in("${OUT}" "PMKSA cache after line 1197")
expect_in("${OUT}" "STALE: holds the replaced PMK")
run(0 cache --at 1317159147.145598 --format json logs/2011-okc-stale-pmkid.log)
expect_in("${OUT}" "\"at_line\": 1198")
expect_in("${OUT}" "\"stale\": true")
run(2 cache --at yesterday logs/2011-okc-stale-pmkid.log)
run(2 cache --at 1 --line 2 logs/2011-okc-stale-pmkid.log)
run(3 cache logs/does-not-exist.log)
