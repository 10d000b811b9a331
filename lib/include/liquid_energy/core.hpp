#pragma once

#include "liquid_energy/core/engine_options.hpp"
#include "liquid_energy/core/engine_stats.hpp"
#include "liquid_energy/core/event.hpp"
#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/core/event_listener.hpp"
#include "liquid_energy/core/event_type.hpp"
#include "liquid_energy/core/filtered_event_listener.hpp"
#include "liquid_energy/core/general_event_listener.hpp"
