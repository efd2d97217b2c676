# check-document.cmake
#
# Checks the JSON document of `lab-mock-server --check --format=json` (the /api/groups
# document) for the example plugin's group. CMake parses JSON itself: no jq needed.
# Usage: cmake -DDOCUMENT=FILE -DCANARY=VALUE -P check-document.cmake
#
# SPDX-License-Identifier: Apache-2.0

file(READ "${DOCUMENT}" document)
string(FIND "${document}" "${CANARY}" at)
if(NOT at EQUAL -1)
    message(FATAL_ERROR "the secret's value appears in the document:\n${document}")
endif()

string(JSON errors LENGTH "${document}" errors)
if(NOT errors EQUAL 0)
    message(FATAL_ERROR "plugin errors reported:\n${document}")
endif()

string(JSON count LENGTH "${document}" groups)
set(found "")
if(count GREATER 0)
    math(EXPR last "${count} - 1")
    foreach(i RANGE ${last})
        string(JSON name GET "${document}" groups ${i} name)
        if(name STREQUAL "Message queue")
            set(found ${i})
        endif()
    endforeach()
endif()
if(found STREQUAL "")
    message(FATAL_ERROR "no group \"Message queue\" in the document:\n${document}")
endif()

# Expected, in the plugin's order: name, state, secret, masked ("-": no such key).
set(expected
    "RABBITMQ_URL,set,OFF,-"
    "RABBITMQ_PASSWORD,set,ON,ON")
string(JSON variables GET "${document}" groups ${found} variables)
string(JSON count LENGTH "${variables}")
list(LENGTH expected wanted)
if(NOT count EQUAL wanted)
    message(FATAL_ERROR "\"Message queue\" has ${count} variables, expected ${wanted}:\n${variables}")
endif()
set(i 0)
foreach(row IN LISTS expected)
    string(REPLACE "," ";" row "${row}")
    list(GET row 0 name)
    list(GET row 1 state)
    list(GET row 2 secret)
    list(GET row 3 masked)
    string(JSON actualName GET "${variables}" ${i} name)
    string(JSON actualState GET "${variables}" ${i} state)
    string(JSON actualSecret GET "${variables}" ${i} secret)
    string(JSON actualMasked ERROR_VARIABLE noMask GET "${variables}" ${i} masked)
    if(noMask)
        set(actualMasked "-")
    endif()
    if(NOT actualName STREQUAL name OR NOT actualState STREQUAL state OR NOT actualSecret STREQUAL secret
       OR NOT actualMasked STREQUAL masked)
        message(FATAL_ERROR "variable ${i}: expected ${name} ${state} secret=${secret} masked=${masked}, got "
                            "${actualName} ${actualState} secret=${actualSecret} masked=${actualMasked}")
    endif()
    math(EXPR i "${i} + 1")
endforeach()
message(STATUS "\"Message queue\" found with RABBITMQ_URL set and RABBITMQ_PASSWORD set, masked")
