# check --record and diff end to end (README "Regression over stored traces").
# Invoked by ctest with -DBIN=<roamreplay> -DSRC=<source dir> -DWORK=<scratch dir>.

include(${CMAKE_CURRENT_LIST_DIR}/cli_common.cmake)

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/traces")
foreach(name 2011-okc-postfix 2011-okc-stale-pmkid 2011-okc-stale-pmkid-keys)
  file(COPY "${SRC}/logs/${name}.log" DESTINATION "${WORK}/traces")
endforeach()
file(WRITE "${WORK}/traces/README.md" "not a trace\n")

# Record: one scenario per trace (README.md skipped), log relative to OUTDIR.
run(0 check --record "${WORK}/traces" -o "${WORK}/base")
expect_in("${OUT}" "created  ${WORK}/base/2011-okc-postfix.json")
expect_in("${OUT}" "3 traces recorded into ${WORK}/base: 3 created, 0 updated, 0 unchanged")
if(EXISTS "${WORK}/base/README.json")
  message(FATAL_ERROR "README.md was recorded as a trace")
endif()
file(READ "${WORK}/base/2011-okc-stale-pmkid.json" stale)
expect_in("${stale}" "\"log\": \"../traces/2011-okc-stale-pmkid.log\"")
expect_in("${stale}" "{\"kind\": \"stale-pmkid-reuse\", \"ap\": \"00:24:97:aa:bb:01\", \"cause\": \"replaced-pmk\", \"time\": \"1317159147.145598\"}")
expect_in("${stale}" "\"exact\": true")
expect_in("${stale}" "{\"method\": \"any\", \"min\": ")

# The baselines pass; recording again changes no file.
run(0 check "${WORK}/base")
expect_in("${OUT}" "3 scenarios: 3 passed, 0 failed")
file(TIMESTAMP "${WORK}/base/2011-okc-postfix.json" before "%s")
file(SHA256 "${WORK}/base/2011-okc-postfix.json" hash_before)
run(0 check --record "${WORK}/traces" -o "${WORK}/base")
expect_in("${OUT}" "3 traces recorded into ${WORK}/base: 0 created, 0 updated, 3 unchanged")
file(SHA256 "${WORK}/base/2011-okc-postfix.json" hash_after)
if(NOT hash_before STREQUAL hash_after)
  message(FATAL_ERROR "re-recording changed an unchanged baseline")
endif()

# Pinning only roams, only error findings.
run(0 check --record --pin roams "${WORK}/traces/2011-okc-stale-pmkid.log" -o "${WORK}/roams")
file(READ "${WORK}/roams/2011-okc-stale-pmkid.json" roams_only)
string(FIND "${roams_only}" "\"findings\"" pos)
if(NOT pos EQUAL -1)
  message(FATAL_ERROR "--pin roams recorded findings:\n${roams_only}")
endif()
run(0 check "${WORK}/roams")
run(0 check --record --min-severity error "${WORK}/traces" -o "${WORK}/errors")
file(READ "${WORK}/errors/2011-okc-stale-pmkid.json" errors_only)
expect_in("${errors_only}" "\"min_severity\": \"error\"")
string(FIND "${errors_only}" "pmkid-rejected" pos)
if(NOT pos EQUAL -1)
  message(FATAL_ERROR "--min-severity error recorded a warning:\n${errors_only}")
endif()

# Usage errors.
run(2 check --record "${WORK}/traces")
expect_in("${ERR}" "needs -o OUTDIR")
run(2 check --record --pin everything "${WORK}/traces" -o "${WORK}/x")
run(2 check --pin roams "${WORK}/base")
run(2 check --record --junit x.xml "${WORK}/traces" -o "${WORK}/x")
run(3 check --record "${WORK}/no-such-folder" -o "${WORK}/x")

# diff: the same traces under two --policy values.
execute_process(COMMAND ${BIN} replay --format jsonl --policy pre-2011 "${WORK}/traces"
                OUTPUT_FILE "${WORK}/pre.jsonl" RESULT_VARIABLE rc)
execute_process(COMMAND ${BIN} replay --format jsonl --policy current "${WORK}/traces"
                OUTPUT_FILE "${WORK}/current.jsonl" RESULT_VARIABLE rc)
run(0 diff "${WORK}/pre.jsonl" "${WORK}/pre.jsonl")
expect_in("${OUT}" "result: no change\n")
# Era notes only: --fail-on error counts no new or changed error verdict.
run(0 diff --fail-on error "${WORK}/pre.jsonl" "${WORK}/current.jsonl")
expect_in("${OUT}" "differs  2011-okc-stale-pmkid.log")
expect_in("${OUT}" "result: no change beyond the tolerance and --fail-on")
run(1 diff --junit "${WORK}/diff.xml" "${WORK}/pre.jsonl" "${WORK}/current.jsonl")
expect_in("${OUT}" "CHANGED  2011-okc-postfix.log")
expect_in("${OUT}" "result: changed")
file(READ "${WORK}/diff.xml" junit)
expect_in("${junit}" "<testsuite name=\"roamreplay.diff\"")
expect_in("${junit}" "<failure")
run(1 diff --format json "${WORK}/pre.jsonl" "${WORK}/current.jsonl")
expect_in("${OUT}" "\"changed\": true")
# Folders replayed on the fly; the same folder twice is no change.
run(0 diff "${WORK}/traces" "${WORK}/traces")
expect_in("${OUT}" "3 traces: 0 changed, 3 unchanged")
run(2 diff "${WORK}/pre.jsonl")
run(2 diff --tolerance -1 "${WORK}/pre.jsonl" "${WORK}/pre.jsonl")
run(2 diff --fail-on nothing "${WORK}/pre.jsonl" "${WORK}/pre.jsonl")
run(3 diff "${WORK}/pre.jsonl" "${WORK}/missing.jsonl")
file(WRITE "${WORK}/bad.jsonl" "{\"input\": \"x.log\", \"findings\": [], \"roams\": []}\nnot json\n")
run(3 diff "${WORK}/pre.jsonl" "${WORK}/bad.jsonl")
expect_in("${ERR}" "bad.jsonl:2: not valid JSON")

# One edited line (B refuses the OKC PMKID it accepted): the baseline of that
# trace fails, the others pass; diff of the two folders names the changes.
file(COPY "${WORK}/traces/" DESTINATION "${WORK}/edited")
file(READ "${WORK}/edited/2011-okc-postfix.log" log)
string(REGEX REPLACE "1317158508.854212: RSN: matched PMKID[^\n]*"
       "1317158508.854212: RSN: Authenticator did not accept PMKID, doing full EAP authentication"
       edited "${log}")
if(edited STREQUAL log)
  message(FATAL_ERROR "the edit did not apply")
endif()
file(WRITE "${WORK}/edited/2011-okc-postfix.log" "${edited}")
run(0 check --record "${WORK}/edited" -o "${WORK}/edited-base")
file(WRITE "${WORK}/traces/2011-okc-postfix.log" "${edited}")
run(1 check "${WORK}/base")
expect_in("${OUT}" "FAIL  2011-okc-postfix")
expect_in("${OUT}" "unexpected line 675 1317158508.854212 pmkid-rejected 00:24:97:aa:bb:02 cause=ap-refused")
expect_in("${OUT}" "3 scenarios: 2 passed, 1 failed")
file(WRITE "${WORK}/traces/2011-okc-postfix.log" "${log}")
run(1 diff "${WORK}/traces" "${WORK}/edited")
expect_in("${OUT}" "+ finding  line 675 1317158508.854212 pmkid-rejected 00:24:97:aa:bb:02 cause=ap-refused [warning]")
expect_in("${OUT}" "~ roam     line 570 1317158508.830756 00:24:97:aa:bb:02: okc -> full-eap")
expect_in("${OUT}" "ap    00:24:97:aa:bb:02    OKC acceptance %           100.0 -> 66.7     beyond tolerance")
run(0 diff --fail-on error "${WORK}/traces" "${WORK}/edited")
run(1 diff --fail-on warning "${WORK}/traces" "${WORK}/edited")
run(0 diff --fail-on rates --tolerance 40 "${WORK}/traces" "${WORK}/edited")
