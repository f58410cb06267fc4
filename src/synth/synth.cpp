#include "synth/synth.hpp"
