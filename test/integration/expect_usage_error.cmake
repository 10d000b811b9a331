# Runs COMMAND with the ;-list ARGS and expects a usage error: exit status 2 and one line on
# stderr.
execute_process(COMMAND ${COMMAND} ${ARGS} RESULT_VARIABLE status ERROR_VARIABLE error
    OUTPUT_QUIET)
string(STRIP "${error}" error)
string(FIND "${error}" "\n" newline)
if(NOT status EQUAL 2 OR error STREQUAL "" OR NOT newline EQUAL -1)
    message(FATAL_ERROR "expected exit status 2 and one line on stderr, got ${status}:\n${error}")
endif()
