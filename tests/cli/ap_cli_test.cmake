# replay/report --ap on corpus pair 22 (../shared/corpus; skipped when absent):
# the joint JSON, --ap-offset, a hostapd log given as the station's LOG.
include(${CMAKE_CURRENT_LIST_DIR}/cli_common.cmake)
set(C ${SRC}/../shared/corpus)
set(STA ${C}/22-hostap-testdrv-pmksa-hit-v2_0-sta.log)
set(AP ${C}/22-hostap-testdrv-pmksa-hit-v2_0-hostapd.log)
if(NOT EXISTS ${STA} OR NOT EXISTS ${AP})
  message(STATUS "corpus absent: ${C}; skipped")
  return()
endif()

run(0 replay ${STA} --ap ${AP} -f json)
expect_in("${OUT}" "\"ap_logs\"")
expect_in("${OUT}" "\"offset_source\": \"same-clock\"")
expect_in("${OUT}" "\"ap_answer\": \"found\"")
expect_in("${OUT}" "\"ap_line\": 543")

run(0 replay ${STA} --ap ${AP} --ap-offset 0.5 -f json)
expect_in("${OUT}" "\"offset_source\": \"option\"")
expect_in("${OUT}" "\"offset_s\": 0.5")

run(2 replay ${STA} --ap ${AP} --ap-offset soon)
expect_in("${ERR}" "--ap-offset must be a number of seconds")
run(2 replay ${STA} --ap-offset 1)
expect_in("${ERR}" "--ap-offset needs --ap")

# Without --ap: no field of the AP logs ("ap_mld" is a cache-entry field
# of the AKM model and stays).
run(0 replay ${STA} -f json)
foreach(field ap_logs ap_answer ap_line ap_log ap_cause ap_evidence ap_events)
  string(FIND "${OUT}" "\"${field}\"" pos)
  if(NOT pos EQUAL -1)
    message(FATAL_ERROR "${field} without --ap")
  endif()
endforeach()

# A hostapd log as the station's LOG.
run(3 replay ${AP})
expect_in("${ERR}" "this is a hostapd (AP) log")
run(3 report ${AP})
expect_in("${ERR}" "this is a hostapd (AP) log")
run(3 cache ${AP})
expect_in("${ERR}" "this is a hostapd (AP) log")
expect_in("${ERR}" "--side ap")

# An AP log that is not one.
run(3 replay ${STA} --ap ${STA})
expect_in("${ERR}" "no hostapd line recognised")

# The AP-side cache: after the reconnect (sta line 744 offers 25692c22), apE
# holds that entry (hostapd 507-508).
run(0 cache ${STA} --ap ${AP} --side ap -f json)
expect_in("${OUT}" "\"side\": \"ap\"")
expect_in("${OUT}" "\"pmkid\": \"25692c22e3908e3313274afac8196301\"")
expect_in("${OUT}" "\"ap\": \"02:7e:df:3d:80:59 (apE)\"")
expect_in("${OUT}" "\"created_line\": 507")
# Before the AP's first entry (1795646073.830245): empty.
run(0 cache ${STA} --ap ${AP} --side ap --at 1795646073.800000 -f json)
expect_in("${OUT}" "\"ap\": []")
run(0 cache ${STA} --ap ${AP} --side ap)
expect_in("${OUT}" "AP-side PMKSA caches")
run(2 cache ${STA} --side ap)
expect_in("${ERR}" "--side ap needs --ap LOG")

# report: the Both-sides lanes in Markdown and HTML.
run(0 report ${STA} --ap ${AP} -f markdown)
expect_in("${OUT}" "## Both sides")
expect_in("${OUT}" "22-hostap-testdrv-pmksa-hit-v2_0-hostapd.log:543 found")
run(0 report ${STA} --ap ${AP})
expect_in("${OUT}" "<h2>Both sides</h2>")
