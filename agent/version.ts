// Version string returned by Ping (sai3 returns its crate version; controllers only compare and warn).
export const AGENT_VERSION = `iobench-agent ${process.env.IOBENCH_VERSION ?? '0.1.0'}`;
