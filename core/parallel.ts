// How many hosts or agents the controller talks to at once. One place for each bound: deployment, connect and
// pre-flight take theirs from here (DESIGN.md: every limit lives once).
/** SSH sessions opened at once while deploying (each costs a handshake, an upload and a remote process). */
export const MAX_PARALLEL_SSH = 16;
/** gRPC connects, pre-flight and control calls in flight at once (each holds a socket and a config copy). */
export const MAX_PARALLEL_RPC = 64;
