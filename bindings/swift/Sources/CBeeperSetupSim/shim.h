/* The installed testing library's header, found through pkg-config's -I (see Package.swift). */
#include <beeper_setup_sim.h>
