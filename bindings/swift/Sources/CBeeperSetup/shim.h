/* The installed header, found through pkg-config's -I (see Package.swift). */
#include <beeper_setup.h>
