/* A minimal HTTP/1.1 client over POSIX sockets, for the simulator's /_sim/ control endpoints.
 * Test-only: the library itself never talks to /_sim/. */
#ifndef SIM_CONTROL_H
#define SIM_CONTROL_H

/* Reads the base URL (http://HOST:PORT) once; returns 0 on success. */
int sim_init(const char *base_url);
const char *sim_base_url(void);

/* Sends METHOD PATH with an optional JSON body; returns the HTTP status (or -1 on a socket
 * error) and, when out_body is not NULL, a malloc'd NUL-terminated body to free(). */
int sim_request(const char *method, const char *path, const char *body, char **out_body);

/* POST /_sim/reset with {"scenario": scenario or null, "auto": auto_mode}; 0 on success. */
int sim_reset(const char *scenario, int auto_mode);
/* GET /_sim/state: a malloc'd JSON object, or NULL. */
char *sim_state(void);
/* GET /_sim/stats: the API request counter, or -1. */
long sim_requests(void);
/* GET /_sim/stats: the API connection counter, or -1. */
long sim_connections(void);
/* POST /_sim/faults with the given spec; 0 on success. */
int sim_fault(const char *spec_json);
/* POST to a control endpoint without a body (first-sync, other-device/...); returns the status. */
int sim_post(const char *path, const char *body);

/* A TCP port on 127.0.0.1 where nothing listens (bound, then closed). */
int unused_port(void);

#endif
