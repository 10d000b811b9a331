#pragma once

#include "liquid_energy/wire/json_line.hpp"
#include "liquid_energy/wire/json_line_connector.hpp"
#include "liquid_energy/wire/json_line_writer.hpp"
#include "liquid_energy/wire/line_error.hpp"
#include "liquid_energy/wire/line_framer.hpp"
#include "liquid_energy/wire/line_stream.hpp"
#include "liquid_energy/wire/read_pacer.hpp"
