# CLI conventions and what a new user meets first (issue 12): versions,
# help, usage errors, error reasons, inputs that are not logs, directory
# members, time options. Invoked by ctest with -DBIN=<roamreplay>
# -DSRC=<source dir> -DWORK=<scratch dir>.

include(${CMAKE_CURRENT_LIST_DIR}/cli_common.cmake)

function(expect_not_in haystack needle)
  string(FIND "${haystack}" "${needle}" pos)
  if(NOT pos EQUAL -1)
    message(FATAL_ERROR "did not expect '${needle}' in:\n${haystack}")
  endif()
endfunction()

# Counts the lines of TEXT into VAR.
function(count_lines text var)
  string(REGEX MATCHALL "\n" newlines "${text}")
  list(LENGTH newlines n)
  set(${var} ${n} PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

# --version and -V everywhere, before and after a command.
run(0 --version)
expect_in("${OUT}" "roamreplay ")
run(0 -V)
expect_in("${OUT}" "roamreplay ")
foreach(cmd replay cache report stats coverage synth check diff)
  run(0 ${cmd} --version)
  expect_in("${OUT}" "roamreplay ")
  run(0 ${cmd} -V)
  expect_in("${OUT}" "roamreplay ")
  # help COMMAND = COMMAND --help
  run(0 help ${cmd})
  expect_in("${OUT}" "Usage: roamreplay ${cmd}")
  expect_in("${OUT}" "--version")
endforeach()
run(2 help frobnicate)
expect_in("${ERR}" "unknown command 'frobnicate'")

# Unknown option vs unknown command; did you mean.
run(2 --bogus)
expect_in("${ERR}" "unknown option '--bogus'")
expect_not_in("${ERR}" "unknown command")
run(2 repaly logs/2011-okc-postfix.log)
expect_in("${ERR}" "unknown command 'repaly'; did you mean 'replay'?")
run(2 stast)
expect_in("${ERR}" "did you mean 'stats'?")
run(2 zzzzzzzz)
expect_not_in("${ERR}" "did you mean")

# A usage error is one line and a pointer to the help, not the whole help.
run(2 replay --format xml logs/2011-okc-postfix.log)
count_lines("${ERR}" n)
if(NOT n EQUAL 2)
  message(FATAL_ERROR "usage error: expected 2 lines on stderr, got ${n}:\n${ERR}")
endif()
expect_in("${ERR}" "--format must be text, json, jsonl or records, not 'xml'")
expect_in("${ERR}" "try 'roamreplay replay --help'")
run(2 stats --no-such-option logs/2011-okc-postfix.log)
expect_in("${ERR}" "try 'roamreplay stats --help'")
run(2)
expect_in("${ERR}" "no command given")
expect_in("${ERR}" "try 'roamreplay --help'")

# cache takes no finding thresholds.
run(2 cache --slow-roam-ms 100 logs/2011-okc-postfix.log)
run(0 cache --help)
expect_not_in("${OUT}" "--stall-ms")
# ... and shows the own address column it promises.
run(0 cache logs/2011-okc-stale-pmkid.log)
expect_in("${OUT}" "own address")

# check: a JSON syntax error names file, line and column.
file(WRITE ${WORK}/notes.txt "{\n  \"name\": \"x\",\n  oops\n}\n")
run(1 check ${WORK}/notes.txt)
expect_in("${OUT}${ERR}" "notes.txt:3:3: not valid JSON")
expect_not_in("${OUT}${ERR}" "[json.exception")
run(3 check ${WORK}/no-such-scenario.json)

# cannot open / cannot write say why.
run(3 replay logs/does-not-exist.log)
expect_in("${ERR}" "logs/does-not-exist.log: cannot open: No such file or directory")
run(3 report -o ${WORK}/no/such/dir/r.html logs/2011-okc-postfix.log)
expect_in("${ERR}" "r.html: cannot write: No such file or directory")
run(3 synth -o ${WORK}/no/such/dir/x.log scenarios/c3fea272-stale-okc-pre2011.json)
expect_in("${ERR}" "x.log: cannot write: No such file or directory")

# stats on a missing file: the error, no table of zeros.
run(3 stats ${WORK}/nonexistent.log)
expect_in("${ERR}" "nonexistent.log: cannot open")
if(NOT OUT STREQUAL "")
  message(FATAL_ERROR "stats of a missing file printed a table:\n${OUT}")
endif()

# An input with no wpa_supplicant line: said plainly, exit 3, the others run.
file(WRITE ${WORK}/dpkg.log "2024-01-01 10:00:00 startup archives unpack\n2024-01-01 10:00:01 install foo:amd64 <none> 1.0\n")
file(WRITE ${WORK}/empty.log "")
run(3 replay ${WORK}/dpkg.log)
expect_in("${ERR}" "dpkg.log: no wpa_supplicant line recognised in 2 lines")
run(3 replay ${WORK}/empty.log)
expect_in("${ERR}" "empty.log: empty input")
run(3 replay ${WORK}/dpkg.log logs/2011-okc-postfix.log)
expect_in("${OUT}" "No findings.")
run(3 stats ${WORK}/dpkg.log)
run(3 cache ${WORK}/dpkg.log)
run(3 report ${WORK}/dpkg.log)
run(3 coverage ${WORK}/dpkg.log)

# An empty directory says so.
file(MAKE_DIRECTORY ${WORK}/empty-dir)
run(3 replay ${WORK}/empty-dir)
expect_in("${ERR}" "empty-dir: empty directory, nothing to replay")

# Directory members that are not logs are skipped, listed, and do not
# change the exit code; --include chooses.
file(MAKE_DIRECTORY ${WORK}/mixed)
file(COPY ${SRC}/logs/2011-okc-postfix.log ${SRC}/logs/README.md DESTINATION ${WORK}/mixed)
file(WRITE ${WORK}/mixed/tool.py "print('hello')\n")
file(WRITE ${WORK}/mixed/notes.txt "just some notes\n")
run(0 stats --format json ${WORK}/mixed)
expect_in("${OUT}" "\"traces\": 1,")
expect_in("${ERR}" "skipped ${WORK}/mixed/README.md: not a log (.md file)")
expect_in("${ERR}" "skipped ${WORK}/mixed/tool.py: not a log (.py file)")
expect_in("${ERR}" "skipped ${WORK}/mixed/notes.txt: no wpa_supplicant line")
run(0 replay --format jsonl ${WORK}/mixed)
count_lines("${OUT}" n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "replay DIR: expected 1 JSON line, got ${n}")
endif()
run(0 stats --format json --include "*.txt" ${WORK}/mixed)
expect_in("${OUT}" "\"traces\": 0,")
expect_in("${ERR}" "2011-okc-postfix.log: does not match --include")
run(0 stats --format json --include "*.log" --include "*.md" ${WORK}/mixed)
expect_in("${OUT}" "\"traces\": 1,")
expect_in("${ERR}" "skipped ${WORK}/mixed/README.md: no wpa_supplicant line")
# The shipped logs folder: 9 logs (the three 2011 reconstructions and six
# hand-made connection flows), not README.md, the .py files or the .json.
run(1 stats --format json logs)
expect_in("${OUT}" "\"traces\": 9,")

# --at takes the log's own timestamp text.
run(0 cache --at 1317159147.145598 --format json logs/2011-okc-stale-pmkid.log)
expect_in("${OUT}" "\"at_line\": 1198")
expect_in("${OUT}" "\"time_iso\": \"2011-09-27T21:32:27.145598Z\"")
run(0 cache --at 2011-09-27T21:32:27.145598Z --format json logs/2011-okc-stale-pmkid.log)
expect_in("${OUT}" "\"at_line\": 1198")
run(0 cache --at "2011-09-27 23:32:27.145598+02:00" --format json logs/2011-okc-stale-pmkid.log)
expect_in("${OUT}" "\"at_line\": 1198")
run(2 cache --at yesterday logs/2011-okc-stale-pmkid.log)
expect_in("${ERR}" "--at takes a time as the log writes it")

# A syslog log (whole seconds; synthesized): cache --at with the log's text
# and coarse durations.
run(0 synth --shape syslog -o ${WORK}/syslog.log scenarios/c3fea272-stale-okc-pre2011.json)
file(STRINGS ${WORK}/syslog.log first LIMIT_COUNT 1)
string(SUBSTRING "${first}" 0 15 stamp)
run(0 cache --at "${stamp}" --format json ${WORK}/syslog.log)
expect_in("${OUT}" "\"time\": \"${stamp}\"")
expect_in("${OUT}" "\"time_iso\": null")
run(0 cache --year 2011 --at "${stamp}" --format json ${WORK}/syslog.log)
expect_in("${OUT}" "\"time_iso\": \"2011-")
run(1 replay --format json ${WORK}/syslog.log)
expect_in("${OUT}" "\"whole_second_clock\": true")
expect_in("${OUT}" "\"duration_ms\": null")
string(REGEX MATCH "\"duration_coarse_s\": [0-9]+" coarse "${OUT}")
if(coarse STREQUAL "")
  message(FATAL_ERROR "no duration_coarse_s in:\n${OUT}")
endif()
run(1 replay ${WORK}/syslog.log)
expect_in("${OUT}" "≈1 s")
expect_not_in("${OUT}" "000 ms")
run(1 stats --format json ${WORK}/syslog.log)
string(REGEX MATCH "\"coarse_roams\": [1-9]" coarse "${OUT}")
if(coarse STREQUAL "")
  message(FATAL_ERROR "stats: no coarse_roams in:\n${OUT}")
endif()
expect_in("${OUT}" "\"roam_time_ms\": {}")

# Roam kinds and one count of roams.
run(1 replay logs/2011-okc-stale-pmkid.log)
expect_in("${OUT}" " first ")
expect_in("${OUT}" " roam ")
expect_in("${OUT}" " re-auth ")
expect_not_in("${OUT}" " connect ")
expect_in("${OUT}" "Roams 2; 1 first connection, 1 re-authentication")
expect_in("${OUT}" "(1 of 2 roams used full EAP)")
expect_in("${OUT}" "findings: 1 error stale-pmkid-reuse")
expect_in("${OUT}" "what to do: ")
run(1 stats logs/2011-okc-stale-pmkid.log)
expect_in("${OUT}" "2 roams, 1 re-authentications")

# The README's sample scenario passes as it stands.
file(READ ${SRC}/README.md readme)
string(REGEX MATCH "```json\n(\\{\n  \"name\": \"c3fea272-stale-okc-pre2011\"[^`]*)```" sample "${readme}")
if(NOT CMAKE_MATCH_1)
  message(FATAL_ERROR "README: sample scenario not found")
endif()
file(WRITE ${WORK}/readme-sample.json "${CMAKE_MATCH_1}")
run(0 check ${WORK}/readme-sample.json)
expect_in("${OUT}" "1 passed")

# Colour and width on a terminal (script(1) gives the command a pty):
# colour by default, none with NO_COLOR or TERM=dumb; lines fit COLUMNS.
find_program(SCRIPT script)
if(SCRIPT)
  function(on_tty env_list)
    execute_process(COMMAND env ${env_list} ${SCRIPT} -qec "${BIN} replay logs/2011-okc-stale-pmkid.log" /dev/null
                    WORKING_DIRECTORY ${SRC} OUTPUT_VARIABLE out ERROR_VARIABLE err)
    set(OUT "${out}" PARENT_SCOPE)
  endfunction()
  string(ASCII 27 esc)
  on_tty("TERM=xterm;COLUMNS=80")
  expect_in("${OUT}" "${esc}[")
  on_tty("TERM=xterm;NO_COLOR=1;COLUMNS=80")
  expect_not_in("${OUT}" "${esc}[")
  expect_in("${OUT}" "stale-pmkid-reuse")
  on_tty("TERM=dumb;COLUMNS=80")
  expect_not_in("${OUT}" "${esc}[")
  # No line wider than the terminal (the pty has no size: COLUMNS=80 holds).
  string(REPLACE "\r" "" plain "${OUT}")
  string(REPEAT "[^\n]" 83 too_long)  # the ellipsis is 3 bytes, one column
  string(REGEX MATCH "${too_long}" long_line "${plain}")
  if(long_line)
    message(FATAL_ERROR "a line wider than an 80-column terminal:\n${long_line}")
  endif()
  expect_in("${OUT}" "…")
  # Progress on a terminal for several inputs (stderr shares the pty).
  execute_process(COMMAND env TERM=xterm ${SCRIPT} -qec
                  "${BIN} stats logs/2011-okc-postfix.log logs/2011-okc-stale-pmkid.log" /dev/null
                  WORKING_DIRECTORY ${SRC} OUTPUT_VARIABLE out ERROR_VARIABLE err)
  expect_in("${out}" "roamreplay: 1/2 files")
  # In a pipe nothing is cut.
  run(1 replay logs/2011-okc-stale-pmkid.log)
  expect_not_in("${OUT}" "…")
endif()
