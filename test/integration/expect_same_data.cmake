# Runs GENERATOR with the ;-list ARGS into OUTPUT and expects the file COMMITTED, byte for byte.
execute_process(COMMAND ${GENERATOR} ${ARGS} --output ${OUTPUT} RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "the generator failed with ${status}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUTPUT} ${COMMITTED}
    RESULT_VARIABLE different)
file(REMOVE ${OUTPUT})
if(different)
    message(FATAL_ERROR "${COMMITTED} is not what the generator writes for ${ARGS}")
endif()
