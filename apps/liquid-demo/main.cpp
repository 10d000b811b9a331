// liquid-demo: the whole trading loop in one process and one engine.
#include "liquid_apps/summary.hpp"
#include "options.hpp"
#include "session.hpp"

int main(int argc, char** argv) {
    return liquid_apps::run_session_program("liquid-demo", argc, argv, liquid_demo::parse_options,
                                            liquid_demo::run_session);
}
