//! beeper-setup: a client library for the Beeper app-setup API.
